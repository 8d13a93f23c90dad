// Collecting the files a "Share Files" selection stands for: folders walked in
// sorted order, .gitignore files honoured (layered: deeper files override),
// files.exclude globs applied, binary and oversized files left out, limits kept.
// All file access goes through WalkFs, so this runs (and is tested) without VS Code.
import { PasteError } from './errors';

// --- .gitignore ------------------------------------------------------------

/** true: ignored; false: re-included by a `!` rule; undefined: no rule matched. */
export type IgnoreMatcher = (path: string, isDirectory: boolean) => boolean | undefined;

interface IgnoreRule {
  re: RegExp;
  negate: boolean;
  dirOnly: boolean;
}

/**
 * A matcher for one .gitignore file found in `baseDir`. Paths given to it are in
 * the same space as `baseDir` (both absolute, or both relative to one root;
 * `baseDir` '' or '.' for the root itself); paths outside `baseDir` get undefined.
 * It judges the path itself, not its parents: walkers stop at ignored folders.
 */
export function createIgnoreMatcher(gitignoreText: string, baseDir: string): IgnoreMatcher {
  const rules = gitignoreText
    .split(/\r?\n/)
    .map(parseIgnoreLine)
    .filter((r): r is IgnoreRule => r !== undefined);
  const base = baseDir === '.' ? '' : baseDir.replace(/\/+$/, '');
  return (path, isDirectory) => {
    let rel = path.replace(/\/+$/, '');
    if (base) {
      if (!rel.startsWith(`${base}/`)) return undefined;
      rel = rel.slice(base.length + 1);
    } else rel = rel.replace(/^\/+/, '');
    if (!rel) return undefined;
    for (let i = rules.length - 1; i >= 0; i--) {
      const rule = rules[i]!;
      if (rule.dirOnly && !isDirectory) continue;
      if (rule.re.test(rel)) return !rule.negate;
    }
    return undefined;
  };
}

/** Layered matchers, outermost first: the last one with an opinion wins. */
export function matchIgnoreLayers(layers: readonly IgnoreMatcher[], path: string, isDirectory: boolean): boolean {
  for (let i = layers.length - 1; i >= 0; i--) {
    const verdict = layers[i]!(path, isDirectory);
    if (verdict !== undefined) return verdict;
  }
  return false;
}

function parseIgnoreLine(line: string): IgnoreRule | undefined {
  // Trailing spaces are dropped unless escaped with a backslash.
  let p = line.replace(/(?<!\\)\s+$/, '');
  if (!p || p.startsWith('#')) return undefined;
  let negate = false;
  if (p.startsWith('!')) {
    negate = true;
    p = p.slice(1);
  }
  let dirOnly = false;
  if (p.endsWith('/')) {
    dirOnly = true;
    p = p.replace(/\/+$/, '');
  }
  if (!p) return undefined;
  // A slash at the start or in the middle anchors the pattern to the .gitignore's folder.
  const anchored = p.includes('/');
  if (p.startsWith('/')) p = p.slice(1);
  const body = globBody(p, 'gitignore');
  if (body === undefined) return undefined;
  return { re: new RegExp(`^${anchored ? '' : '(?:.*/)?'}${body}$`), negate, dirOnly };
}

// --- globs -----------------------------------------------------------------

/**
 * Turns the shared glob syntax into a regex body. `**` as a whole segment spans
 * any number of folders; `*` and `?` stay within one; `[...]` classes (with `!`
 * or `^` to negate); backslash escapes. files.exclude globs also get `{a,b}`.
 */
function globBody(glob: string, dialect: 'gitignore' | 'vscode'): string | undefined {
  let out = '';
  let depth = 0; // open braces
  let i = 0;
  while (i < glob.length) {
    const c = glob[i]!;
    if (c === '*') {
      let j = i;
      while (glob[j] === '*') j++;
      const stars = j - i;
      const segStart = i === 0 || glob[i - 1] === '/' || (dialect === 'vscode' && depth > 0 && (glob[i - 1] === '{' || glob[i - 1] === ','));
      const next = glob[j];
      const segEnd = next === undefined || next === '/' || (dialect === 'vscode' && depth > 0 && (next === '}' || next === ','));
      if (stars >= 2 && segStart && segEnd) {
        if (next === '/') {
          out += '(?:.*/)?'; // "**/": zero or more folders
          i = j + 1;
        } else if (out.endsWith('/')) {
          // "dir/**": everything inside dir; a files.exclude glob also matches dir itself.
          out = out.slice(0, -1) + (dialect === 'gitignore' ? '/.+' : '(?:/.*)?');
          i = j;
        } else {
          out += '.*';
          i = j;
        }
      } else {
        out += '[^/]*';
        i = j;
      }
      continue;
    }
    if (c === '?') out += '[^/]';
    else if (c === '[') {
      const cls = charClass(glob, i);
      if (cls) {
        out += cls.re;
        i = cls.end;
        continue;
      }
      out += '\\[';
    } else if (c === '\\') {
      const next = glob[i + 1];
      if (next === undefined) return undefined; // a trailing backslash matches nothing in git
      out += escapeRegExp(next);
      i += 2;
      continue;
    } else if (dialect === 'vscode' && c === '{') {
      depth++;
      out += '(?:';
    } else if (dialect === 'vscode' && c === ',' && depth > 0) out += '|';
    else if (dialect === 'vscode' && c === '}' && depth > 0) {
      depth--;
      out += ')';
    } else out += escapeRegExp(c);
    i++;
  }
  while (depth-- > 0) out += ')'; // an unclosed brace: close it rather than fail
  return out;
}

/** `[...]` starting at `start`: the regex class and the index after it, or undefined if unclosed. */
function charClass(glob: string, start: number): { re: string; end: number } | undefined {
  let i = start + 1;
  let negate = false;
  if (glob[i] === '!' || glob[i] === '^') {
    negate = true;
    i++;
  }
  let body = '';
  let first = true;
  for (; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === ']' && !first) return { re: `(?!/)[${negate ? '^' : ''}${body}]`, end: i + 1 };
    first = false;
    if (c === '\\' && i + 1 < glob.length) {
      const lit = glob[++i]!;
      body += /[A-Za-z0-9]/.test(lit) ? lit : `\\${lit}`;
    } else if (c === '-' && body && glob[i + 1] !== ']') body += '-';
    else if (c === '/') return undefined; // a class never spans a folder separator
    else body += /[\\\]^-]/.test(c) ? `\\${c}` : c;
  }
  return undefined;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const globCache = new Map<string, RegExp>();

/** A VS Code style glob (files.exclude, search.exclude) as an anchored RegExp over a relative POSIX path. */
export function globToRegExp(glob: string): RegExp {
  let re = globCache.get(glob);
  if (!re) {
    const trimmed = glob.replace(/^\.\//, '').replace(/\/+$/, '');
    re = new RegExp(`^${globBody(trimmed, 'vscode') ?? '(?!)'}$`);
    if (globCache.size > 500) globCache.clear();
    globCache.set(glob, re);
  }
  return re;
}

/**
 * Whether a path (or one of its parent folders) matches a glob set to `true`.
 * Globs set to anything else (false, or a `{ when }` sibling clause) are off.
 */
export function isExcludedByGlobs(relativePath: string, globs: Record<string, boolean>): boolean {
  const parts = relativePath.split('/').filter(Boolean);
  for (let n = 1; n <= parts.length; n++) if (matchesGlobs(parts.slice(0, n).join('/'), globs)) return true;
  return false;
}

/** The path itself (not its parents) matches a glob set to `true`. */
function matchesGlobs(relativePath: string, globs: Record<string, boolean>): boolean {
  for (const glob of Object.keys(globs)) if (globs[glob] === true && globToRegExp(glob).test(relativePath)) return true;
  return false;
}

// --- binary sniffing ---------------------------------------------------------

const SNIFF_BYTES = 8000;

/** NUL in the first 8000 bytes, invalid UTF-8 there, or more than 10% control characters. */
export function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, SNIFF_BYTES);
  let control = 0;
  for (const b of sample) {
    if (b === 0) return true;
    // Tab, LF, VT, FF, CR and ESC (ANSI colours in logs) are text.
    if ((b < 32 && b !== 9 && b !== 10 && b !== 11 && b !== 12 && b !== 13 && b !== 27) || b === 127) control++;
  }
  if (sample.length > 0 && control / sample.length > 0.1) return true;
  try {
    // stream: a character cut off at the end of the sample is not an error.
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: sample.length < bytes.length });
    return false;
  } catch {
    return true;
  }
}

// --- walking -----------------------------------------------------------------

export type WalkEntryType = 'file' | 'directory' | 'other';

/** File access on POSIX-style absolute paths. */
export interface WalkFs {
  stat(path: string): Promise<{ type: WalkEntryType; size: number }>;
  readDirectory(path: string): Promise<[name: string, type: WalkEntryType][]>;
  readFile(path: string): Promise<Uint8Array>;
}

export interface WalkOptions {
  /** Files bigger than this are left out unread. */
  maxFileBytes: number;
  /** At most this many files are collected; the rest are left out as 'limit'. */
  maxFiles: number;
  /** The collected files' sizes add up to at most this; the rest are left out as 'limit'. */
  maxTotalBytes: number;
  /** files.exclude: globs set to true are left out (as 'ignored'). */
  excludeGlobs: Record<string, boolean>;
  /**
   * The workspace folder holding the roots, if known: excludeGlobs are matched
   * against paths relative to it (else relative to the shared root), and the
   * .gitignore files of folders between it and the roots apply too.
   */
  workspaceRoot?: string;
  signal?: AbortSignal;
}

export type SkipReason = 'binary' | 'tooLarge' | 'ignored' | 'limit' | 'unreadable';

export interface WalkedFile {
  /** Absolute POSIX path. */
  path: string;
  /** Relative to the common base (see WalkResult.base), POSIX separators. */
  relativePath: string;
  /** Bytes. */
  size: number;
  /** Decoded as UTF-8 (a BOM is dropped). */
  content: string;
}

export interface WalkResult {
  files: WalkedFile[];
  /** Left out, each once: an ignored or unvisited folder is listed, not its files. */
  skipped: { relativePath: string; reason: SkipReason }[];
  /** The folder relativePaths are relative to. */
  base: string;
}

/** Deeper than this, a folder is left out as 'limit' (guards against symlink cycles). */
export const MAX_WALK_DEPTH = 64;

/**
 * Collects the text files under `roots` (files or folders, absolute POSIX paths).
 * Paths are relative to the roots' common parent folder: sharing one folder `src`
 * gives `src/a.ts`; sharing `/w/src/a.ts` and `/w/test/b.ts` gives `src/a.ts`, `test/b.ts`.
 * Roots themselves are always taken (the user chose them); what is found inside
 * folders is subject to .gitignore files, files.exclude and `.git`.
 * Files are returned sorted by relativePath and read in that order; once a limit is
 * reached everything after it is left out as 'limit'. Rejects with a 'cancelled'
 * PasteError when the signal aborts.
 */
export async function walkFiles(roots: readonly string[], fs: WalkFs, options: WalkOptions): Promise<WalkResult> {
  const tops = topLevelRoots(roots.map(normalizePath));
  const base = tops.length === 1 ? parentOf(tops[0]!) : commonFolder(tops.map(parentOf));
  const walker = new Walker(fs, options, base);
  const stated: { root: string; type: WalkEntryType; size: number }[] = [];
  for (const root of tops) {
    walker.checkCancelled();
    try {
      stated.push({ root, ...(await fs.stat(root)) });
    } catch {
      walker.skip(root, 'unreadable');
    }
  }
  // In the order their paths sort: "a.ts" before "a/…".
  const key = (r: (typeof stated)[number]) => (r.type === 'directory' ? `${r.root}/` : r.root);
  stated.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const ancestorLayers = new Map<string, IgnoreMatcher[]>();
  for (const { root, type, size } of stated) {
    if (type === 'file') await walker.file(root, size);
    else if (type === 'directory') {
      const parent = parentOf(root);
      let layers = ancestorLayers.get(parent);
      if (!layers) {
        layers = await walker.ancestorIgnores(parent);
        ancestorLayers.set(parent, layers);
      }
      await walker.directory(root, layers, 0);
    } else walker.skip(root, 'unreadable');
  }
  return walker.result();
}

class Walker {
  private readonly files: WalkedFile[] = [];
  private readonly skipped: { relativePath: string; reason: SkipReason }[] = [];
  private totalBytes = 0;
  private limitReached = false;

  constructor(
    private readonly fs: WalkFs,
    private readonly options: WalkOptions,
    private readonly base: string,
  ) {}

  checkCancelled(): void {
    if (this.options.signal?.aborted) throw new PasteError('cancelled', 'Collecting the files to share was cancelled.');
  }

  relative(path: string): string {
    return relativeTo(this.base, path);
  }

  skip(path: string, reason: SkipReason): void {
    this.skipped.push({ relativePath: this.relative(path), reason });
  }

  /** The .gitignore files from the workspace root down to `dir` (inclusive), outermost first. */
  async ancestorIgnores(dir: string): Promise<IgnoreMatcher[]> {
    const root = this.options.workspaceRoot ? normalizePath(this.options.workspaceRoot) : undefined;
    if (!root || !isInside(root, dir)) return [];
    const layers: IgnoreMatcher[] = [];
    const rest = relativeTo(root, dir);
    let current = root;
    for (const part of ['', ...(rest ? rest.split('/') : [])]) {
      if (part) current = joinPath(current, part);
      this.checkCancelled();
      const matcher = await this.loadIgnore(current);
      if (matcher) layers.push(matcher);
    }
    return layers;
  }

  private async loadIgnore(dir: string): Promise<IgnoreMatcher | undefined> {
    try {
      const bytes = await this.fs.readFile(joinPath(dir, '.gitignore'));
      return createIgnoreMatcher(new TextDecoder().decode(bytes), dir);
    } catch {
      return undefined;
    }
  }

  async directory(dir: string, parentLayers: readonly IgnoreMatcher[], depth: number): Promise<void> {
    if (this.limitReached || depth > MAX_WALK_DEPTH) {
      this.skip(dir, 'limit');
      return;
    }
    this.checkCancelled();
    let entries: [string, WalkEntryType][];
    try {
      entries = await this.fs.readDirectory(dir);
    } catch {
      this.skip(dir, 'unreadable');
      return;
    }
    let layers = parentLayers;
    if (entries.some(([name, type]) => name === '.gitignore' && type === 'file')) {
      this.checkCancelled();
      const matcher = await this.loadIgnore(dir);
      if (matcher) layers = [...parentLayers, matcher];
    }
    // Sorted as full paths sort: "a.ts" before "a/…" ('.' < '/').
    const sorted = entries
      .filter(([name]) => name !== '.git' && name !== '' && name !== '.' && name !== '..' && !name.includes('/'))
      .map(([name, type]) => ({ name, type, key: type === 'directory' ? `${name}/` : name }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    for (const { name, type } of sorted) {
      const path = joinPath(dir, name);
      const isDir = type === 'directory';
      if (matchIgnoreLayers(layers, path, isDir) || this.excluded(path)) {
        this.skip(path, 'ignored');
        continue;
      }
      if (isDir) await this.directory(path, layers, depth + 1);
      else if (type === 'file') await this.file(path);
      else this.skip(path, 'unreadable');
    }
  }

  /** Parents were judged on the way down (or were chosen by the user), so only the path itself is. */
  private excluded(path: string): boolean {
    const root = this.options.workspaceRoot ? normalizePath(this.options.workspaceRoot) : undefined;
    const rel = root && isInside(root, path) ? relativeTo(root, path) : this.relative(path);
    return matchesGlobs(rel, this.options.excludeGlobs);
  }

  async file(path: string, knownSize?: number): Promise<void> {
    if (this.limitReached) {
      this.skip(path, 'limit');
      return;
    }
    this.checkCancelled();
    let size = knownSize;
    if (size === undefined) {
      try {
        size = (await this.fs.stat(path)).size;
      } catch {
        this.skip(path, 'unreadable');
        return;
      }
    }
    if (size > this.options.maxFileBytes) {
      this.skip(path, 'tooLarge');
      return;
    }
    if (this.files.length >= this.options.maxFiles || this.totalBytes + size > this.options.maxTotalBytes) {
      this.limitReached = true;
      this.skip(path, 'limit');
      return;
    }
    this.checkCancelled();
    let bytes: Uint8Array;
    try {
      bytes = await this.fs.readFile(path);
    } catch {
      this.skip(path, 'unreadable');
      return;
    }
    if (bytes.length > this.options.maxFileBytes) {
      this.skip(path, 'tooLarge'); // grew since stat
      return;
    }
    if (this.totalBytes + bytes.length > this.options.maxTotalBytes) {
      this.limitReached = true;
      this.skip(path, 'limit');
      return;
    }
    if (looksBinary(bytes)) {
      this.skip(path, 'binary');
      return;
    }
    let content: string;
    try {
      content = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      this.skip(path, 'binary'); // invalid UTF-8 past the sniffed start
      return;
    }
    this.totalBytes += bytes.length;
    this.files.push({ path, relativePath: this.relative(path), size: bytes.length, content });
    // Full: what follows is left out without walking into it.
    if (this.files.length >= this.options.maxFiles || this.totalBytes >= this.options.maxTotalBytes) this.limitReached = true;
  }

  result(): WalkResult {
    const byPath = (a: { relativePath: string }, b: { relativePath: string }) =>
      a.relativePath < b.relativePath ? -1 : a.relativePath > b.relativePath ? 1 : 0;
    return { files: [...this.files].sort(byPath), skipped: [...this.skipped].sort(byPath), base: this.base };
  }
}

// --- POSIX paths -------------------------------------------------------------

/** Absolute, single slashes, no "." or "..", no trailing slash (except "/"). */
export function normalizePath(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (!part || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

function joinPath(dir: string, name: string): string {
  return dir === '/' ? `/${name}` : `${dir}/${name}`;
}

function isInside(dir: string, path: string): boolean {
  return dir === '/' || path === dir || path.startsWith(`${dir}/`);
}

function relativeTo(dir: string, path: string): string {
  if (path === dir) return '';
  return dir === '/' ? path.slice(1) : path.slice(dir.length + 1);
}

/** The deepest folder holding all of `dirs`. */
function commonFolder(dirs: readonly string[]): string {
  let common = dirs[0] ?? '/';
  for (const d of dirs.slice(1)) while (!isInside(common, d)) common = parentOf(common);
  return common;
}

/** Sorted, without duplicates and without roots inside other roots. */
function topLevelRoots(roots: readonly string[]): string[] {
  const sorted = [...new Set(roots)].sort();
  return sorted.filter((r) => !sorted.some((other) => other !== r && isInside(other, r)));
}
