import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { isPasteError } from '../../src/core/errors';
import {
  createIgnoreMatcher,
  globToRegExp,
  isExcludedByGlobs,
  looksBinary,
  matchIgnoreLayers,
  walkFiles,
  type WalkFs,
  type WalkOptions,
  type WalkResult,
} from '../../src/core/fileWalk';

// --- an in-memory file system ----------------------------------------------------

type Tree = { [name: string]: string | Uint8Array | Tree | null }; // null: a socket or other special file

function memFs(tree: Tree): WalkFs & { reads: string[]; stats: string[]; lists: string[]; failRead: Set<string> } {
  const find = (path: string): Tree[string] | undefined => {
    let node: Tree[string] = tree;
    for (const part of path.split('/').filter(Boolean)) {
      if (node === null || typeof node === 'string' || node instanceof Uint8Array) return undefined;
      if (!Object.prototype.hasOwnProperty.call(node, part)) return undefined;
      node = node[part]!;
    }
    return node;
  };
  const typeOf = (node: Tree[string]) =>
    node === null ? ('other' as const) : typeof node === 'string' || node instanceof Uint8Array ? ('file' as const) : ('directory' as const);
  const bytes = (node: string | Uint8Array) => (typeof node === 'string' ? new TextEncoder().encode(node) : node);
  const fs = {
    reads: [] as string[],
    stats: [] as string[],
    lists: [] as string[],
    failRead: new Set<string>(),
    async stat(path: string) {
      fs.stats.push(path);
      const node = find(path);
      if (node === undefined) throw new Error(`ENOENT ${path}`);
      return { type: typeOf(node), size: node === null || typeOf(node) !== 'file' ? 0 : bytes(node as string | Uint8Array).length };
    },
    async readDirectory(path: string) {
      fs.lists.push(path);
      const node = find(path);
      if (!node || typeOf(node) !== 'directory') throw new Error(`ENOTDIR ${path}`);
      // Deliberately unsorted.
      return Object.entries(node as Tree).reverse().map(([name, child]) => [name, typeOf(child)] as [string, ReturnType<typeof typeOf>]);
    },
    async readFile(path: string) {
      const node = find(path);
      if (node === undefined || node === null || typeOf(node) !== 'file') throw new Error(`ENOENT ${path}`);
      if (fs.failRead.has(path)) throw new Error(`EACCES ${path}`);
      if (!path.endsWith('.gitignore')) fs.reads.push(path);
      return bytes(node as string | Uint8Array);
    },
  };
  return fs;
}

const OPTIONS: WalkOptions = { maxFileBytes: 1000, maxFiles: 100, maxTotalBytes: 100_000, excludeGlobs: {} };
const paths = (r: WalkResult) => r.files.map((f) => f.relativePath);
const skips = (r: WalkResult) => r.skipped.map((s) => `${s.relativePath} ${s.reason}`);

// --- .gitignore -------------------------------------------------------------------------

describe('createIgnoreMatcher', () => {
  const m = (text: string, base = '') => createIgnoreMatcher(text, base);

  test('comments, blank lines and plain names at any depth', () => {
    const match = m('# build output\n\nnode_modules\n*.log\n   \n');
    assert.equal(match('node_modules', true), true);
    assert.equal(match('a/b/node_modules', true), true);
    assert.equal(match('debug.log', false), true);
    assert.equal(match('logs/debug.log', false), true);
    assert.equal(match('# build output', false), undefined);
    assert.equal(match('src/app.ts', false), undefined);
  });

  test('negation: the last matching rule wins', () => {
    const match = m('*.log\n!keep.log\nkeep.log.d/\n');
    assert.equal(match('a.log', false), true);
    assert.equal(match('keep.log', false), false);
    assert.equal(match('x/keep.log', false), false);
    assert.equal(m('!keep.log\n*.log')('keep.log', false), true, 'a later rule overrides an earlier negation');
  });

  test('a trailing slash matches directories only', () => {
    const match = m('build/\n');
    assert.equal(match('build', true), true);
    assert.equal(match('build', false), undefined);
    assert.equal(match('src/build', true), true);
  });

  test('a leading or middle slash anchors the pattern to the .gitignore folder', () => {
    const lead = m('/dist\n');
    assert.equal(lead('dist', true), true);
    assert.equal(lead('pkg/dist', true), undefined);
    const middle = m('doc/*.txt\n');
    assert.equal(middle('doc/a.txt', false), true);
    assert.equal(middle('doc/x/a.txt', false), undefined);
    assert.equal(middle('src/doc/a.txt', false), undefined);
  });

  test('* and ? stay within one path segment', () => {
    const match = m('/a*c\n/x?z\n');
    assert.equal(match('abbbc', false), true);
    assert.equal(match('ab/c', false), undefined);
    assert.equal(match('xyz', false), true);
    assert.equal(match('x/z', false), undefined);
    assert.equal(match('xz', false), undefined);
  });

  test('** leading, middle and trailing', () => {
    const leading = m('**/foo\n');
    assert.equal(leading('foo', false), true);
    assert.equal(leading('a/b/foo', true), true);
    const leadingAnchored = m('**/foo/bar\n');
    assert.equal(leadingAnchored('x/foo/bar', false), true);
    assert.equal(leadingAnchored('foo/bar', false), true);
    const middle = m('a/**/b\n');
    assert.equal(middle('a/b', false), true);
    assert.equal(middle('a/x/b', false), true);
    assert.equal(middle('a/x/y/b', false), true);
    assert.equal(middle('z/a/x/b', false), undefined);
    const trailing = m('abc/**\n');
    assert.equal(trailing('abc/x', false), true);
    assert.equal(trailing('abc/x/y', false), true);
    assert.equal(trailing('abc', true), undefined, '"abc/**" matches what is inside, not abc');
    assert.equal(m('a**b\n')('axxb', false), true, 'other ** are plain *');
    assert.equal(m('a**b\n')('ax/xb', false), undefined);
  });

  test('character classes: sets, ranges, negation; never a slash', () => {
    const match = m('file[0-9].txt\n[!a]bc\n[ab]x\n');
    assert.equal(match('file7.txt', false), true);
    assert.equal(match('filex.txt', false), undefined);
    assert.equal(match('zbc', false), true);
    assert.equal(match('abc', false), undefined);
    assert.equal(match('bx', false), true);
    assert.equal(m('a[!x]b\n')('a/b', false), undefined);
    assert.equal(m('[abc\n')('[abc', false), true, 'an unclosed [ is literal');
  });

  test('escaped #, ! and trailing spaces; regex characters are literal', () => {
    const match = m('\\#notes\n\\!important\ntrailing\\ \nspaced   \na+b(c).txt\n');
    assert.equal(match('#notes', false), true);
    assert.equal(match('!important', false), true);
    assert.equal(match('important', false), undefined);
    assert.equal(match('trailing ', false), true);
    assert.equal(match('spaced', false), true);
    assert.equal(match('a+b(c).txt', false), true);
    assert.equal(match('aab(c)xtxt', false), undefined);
  });

  test('paths are taken relative to baseDir; outside it nothing matches; CRLF files', () => {
    const match = createIgnoreMatcher('/out\r\n*.tmp\r\n', '/w/pkg');
    assert.equal(match('/w/pkg/out', true), true);
    assert.equal(match('/w/pkg/src/out', true), undefined);
    assert.equal(match('/w/pkg/a.tmp', false), true);
    assert.equal(match('/w/other/a.tmp', false), undefined);
    assert.equal(match('/w/pkg', true), undefined);
    assert.equal(createIgnoreMatcher('x', '/')('/x', false), true);
  });

  test('layers: deeper files override, undefined falls through', () => {
    const root = createIgnoreMatcher('*.log\nsecret/\n', '/w');
    const sub = createIgnoreMatcher('!keep.log\n', '/w/sub');
    assert.equal(matchIgnoreLayers([root, sub], '/w/sub/keep.log', false), false);
    assert.equal(matchIgnoreLayers([root, sub], '/w/sub/other.log', false), true);
    assert.equal(matchIgnoreLayers([root, sub], '/w/keep.log', false), true);
    assert.equal(matchIgnoreLayers([root, sub], '/w/sub/a.ts', false), false);
  });
});

// --- files.exclude globs -----------------------------------------------------------------

describe('globToRegExp / isExcludedByGlobs', () => {
  test('VS Code glob syntax', () => {
    const cases: [string, string, boolean][] = [
      ['**/node_modules', 'node_modules', true],
      ['**/node_modules', 'a/b/node_modules', true],
      ['**/node_modules', 'node_modules_x', false],
      ['**/*.log', 'x.log', true],
      ['**/*.log', 'a/b/x.log', true],
      ['**/*.log', 'a/b/x.logs', false],
      ['*.log', 'x.log', true],
      ['*.log', 'a/x.log', false],
      ['**/*.{js,map}', 'dist/a.js', true],
      ['**/*.{js,map}', 'dist/a.js.map', true],
      ['**/*.{js,map}', 'dist/a.ts', false],
      ['{build,out}/**', 'out/x/y', true],
      ['{build,out}/**', 'build', true],
      ['{build,out}/**', 'src/out/x', false],
      ['src/**/test?.ts', 'src/a/b/test1.ts', true],
      ['src/**/test?.ts', 'src/test1.ts', true],
      ['**/.DS_Store', '.DS_Store', true],
      ['**/[Tt]emp', 'x/Temp', true],
      ['**/*.(x)', 'a.(x)', true],
      ['**', 'anything/at/all', true],
    ];
    for (const [glob, path, want] of cases) assert.equal(globToRegExp(glob).test(path), want, `${glob} vs ${path}`);
  });

  test('only globs set to true exclude, and a matching parent folder excludes what is inside', () => {
    const globs = { '**/node_modules': true, '**/*.log': false, '**/.git': true } as Record<string, boolean>;
    assert.equal(isExcludedByGlobs('a/node_modules/x/index.js', globs), true);
    assert.equal(isExcludedByGlobs('a/debug.log', globs), false);
    assert.equal(isExcludedByGlobs('src/index.ts', globs), false);
    assert.equal(isExcludedByGlobs('x.js', { '**/*.js': { when: '$(basename).ts' } as unknown as boolean }), false);
    assert.equal(isExcludedByGlobs('x.js', {}), false);
  });
});

// --- binary sniffing ---------------------------------------------------------------------

describe('looksBinary', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  test('text, UTF-8, ANSI colours and empty files are text', () => {
    assert.equal(looksBinary(enc('hello\nworld\r\n\ttabbed')), false);
    assert.equal(looksBinary(enc('Grüße, 世界, 😀')), false);
    assert.equal(looksBinary(enc('\x1b[31mred\x1b[0m log line\n')), false);
    assert.equal(looksBinary(new Uint8Array()), false);
  });

  test('NUL bytes, invalid UTF-8 and many control characters are binary', () => {
    assert.equal(looksBinary(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])), true);
    assert.equal(looksBinary(enc('text\0more')), true);
    assert.equal(looksBinary(new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x20, 0x6f, 0x6b])), true, 'Latin-1 é is not UTF-8');
    assert.equal(looksBinary(new Uint8Array(Array.from({ length: 100 }, (_, i) => (i % 3 === 0 ? 1 : 65)))), true);
  });

  test('only the first 8000 bytes are sniffed, and a character cut at the edge is fine', () => {
    const late = new Uint8Array(9000).fill(65);
    late[8500] = 0;
    assert.equal(looksBinary(late), false);
    const cut = new Uint8Array([...new Uint8Array(7999).fill(65), 0xe4, 0xb8, 0x96]); // 世 straddles byte 8000
    assert.equal(looksBinary(cut), false);
  });
});

// --- walking -------------------------------------------------------------------------------------

describe('walkFiles', () => {
  const project = (): Tree => ({
    w: {
      '.git': { HEAD: 'ref: refs/heads/main', config: '[core]' },
      '.gitignore': 'node_modules/\n*.log\n/dist\n!important.log\n',
      'README.md': '# readme',
      'debug.log': 'noise',
      'important.log': 'keep me',
      dist: { 'bundle.js': 'x' },
      node_modules: { lib: { 'index.js': 'y' } },
      src: {
        '.gitignore': '*.gen.ts\n!keep.gen.ts\ntmp/\n',
        'a.ts': 'export const a = 1;',
        'a.gen.ts': 'generated',
        'keep.gen.ts': 'kept',
        'logo.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]),
        'big.txt': 'z'.repeat(5000),
        tmp: { 'scratch.ts': 's' },
        nested: { '.gitignore': '!*.log\n', 'trace.log': 'nested log', 'b.ts': 'export const b = 2;' },
        dist: { 'keep.js': 'only the top dist is anchored' },
      },
      test: { 'a.test.ts': 'test', 'out.js': 'compiled' },
    },
  });

  test('one folder: paths keep the folder name; nested .gitignore with negation; .git skipped', async () => {
    const fs = memFs(project());
    const r = await walkFiles(['/w/src'], fs, OPTIONS);
    assert.equal(r.base, '/w');
    assert.deepEqual(paths(r), ['src/.gitignore', 'src/a.ts', 'src/dist/keep.js', 'src/keep.gen.ts', 'src/nested/.gitignore', 'src/nested/b.ts', 'src/nested/trace.log']);
    assert.deepEqual(skips(r), ['src/a.gen.ts ignored', 'src/big.txt tooLarge', 'src/logo.png binary', 'src/tmp ignored']);
    assert.equal(r.files[1]!.content, 'export const a = 1;');
    assert.equal(r.files[1]!.path, '/w/src/a.ts');
    assert.equal(r.files[1]!.size, 19);
  });

  test('the whole project: root .gitignore layered under deeper ones; ignored folders listed once and never entered', async () => {
    const fs = memFs(project());
    const r = await walkFiles(['/w'], fs, OPTIONS);
    assert.equal(r.base, '/');
    assert.deepEqual(paths(r), [
      'w/.gitignore',
      'w/README.md',
      'w/important.log',
      'w/src/.gitignore',
      'w/src/a.ts',
      'w/src/dist/keep.js',
      'w/src/keep.gen.ts',
      'w/src/nested/.gitignore',
      'w/src/nested/b.ts',
      'w/src/nested/trace.log',
      'w/test/a.test.ts',
      'w/test/out.js',
    ]);
    assert.deepEqual(skips(r), [
      'w/debug.log ignored',
      'w/dist ignored',
      'w/node_modules ignored',
      'w/src/a.gen.ts ignored',
      'w/src/big.txt tooLarge',
      'w/src/logo.png binary',
      'w/src/tmp ignored',
    ]);
    assert.ok(!fs.lists.some((p) => p.includes('node_modules') || p.includes('.git')), `listed: ${fs.lists.join(', ')}`);
    assert.ok(!fs.reads.includes('/w/src/big.txt'), 'a file over maxFileBytes is never read');
  });

  test('files.exclude globs, relative to the workspace root when given, and its ancestor .gitignore files', async () => {
    const fs = memFs(project());
    const globs = { '**/*.js': true, 'src/nested': true, '**/*.md': false };
    const r = await walkFiles(['/w/src', '/w/test'], fs, { ...OPTIONS, excludeGlobs: globs, workspaceRoot: '/w' });
    assert.equal(r.base, '/w');
    assert.deepEqual(paths(r), ['src/.gitignore', 'src/a.ts', 'src/keep.gen.ts', 'test/a.test.ts']);
    assert.deepEqual(skips(r), ['src/a.gen.ts ignored', 'src/big.txt tooLarge', 'src/dist/keep.js ignored', 'src/logo.png binary', 'src/nested ignored', 'src/tmp ignored', 'test/out.js ignored']);
    // Without a workspace root the globs see the shared relative paths ("src/nested/b.ts").
    const noRoot = await walkFiles(['/w/src'], memFs(project()), { ...OPTIONS, excludeGlobs: { 'nested/**': true, 'src/tmp2': true, 'src/a.ts': true } });
    assert.ok(paths(noRoot).includes('src/nested/b.ts'));
    assert.ok(!paths(noRoot).includes('src/a.ts'));
  });

  test('a folder the user chose is walked even when files.exclude or .gitignore would hide it', async () => {
    const r = await walkFiles(['/w/node_modules/lib'], memFs(project()), { ...OPTIONS, excludeGlobs: { '**/node_modules': true }, workspaceRoot: '/w' });
    assert.deepEqual(paths(r), ['lib/index.js']);
    assert.deepEqual(r.skipped, []);
  });

  test('the workspace .gitignore applies when sharing a subfolder', async () => {
    const tree: Tree = { w: { '.gitignore': '*.log\n', pkg: { 'a.ts': 'a', 'b.log': 'b' } } };
    const without = await walkFiles(['/w/pkg'], memFs(tree), OPTIONS);
    assert.deepEqual(paths(without), ['pkg/a.ts', 'pkg/b.log']);
    const withRoot = await walkFiles(['/w/pkg'], memFs(tree), { ...OPTIONS, workspaceRoot: '/w' });
    assert.deepEqual(paths(withRoot), ['pkg/a.ts']);
    assert.deepEqual(skips(withRoot), ['pkg/b.log ignored']);
  });

  test('several files from different subfolders: relative to their common parent; explicit roots are taken even if ignored', async () => {
    const fs = memFs(project());
    const r = await walkFiles(['/w/test/a.test.ts', '/w/src/nested/b.ts', '/w/debug.log', '/w/src/nested/b.ts'], fs, OPTIONS);
    assert.equal(r.base, '/w');
    assert.deepEqual(paths(r), ['debug.log', 'src/nested/b.ts', 'test/a.test.ts']);
    assert.deepEqual(r.skipped, []);
    const sameFolder = await walkFiles(['/w/src/a.ts', '/w/src/keep.gen.ts'], memFs(project()), OPTIONS);
    assert.deepEqual(paths(sameFolder), ['a.ts', 'keep.gen.ts']);
    const single = await walkFiles(['/w/src/a.ts'], memFs(project()), OPTIONS);
    assert.deepEqual(paths(single), ['a.ts']);
  });

  test('a root inside another root is walked once; messy root paths are normalised', async () => {
    const r = await walkFiles(['/w/src/nested/', '/w//src', '/w/src/./nested/b.ts'], memFs(project()), OPTIONS);
    assert.equal(r.base, '/w');
    assert.equal(paths(r).filter((p) => p === 'src/nested/b.ts').length, 1);
    assert.ok(paths(r).includes('src/a.ts'));
  });

  test('maxFiles: the first files in path order are kept, the rest left out, unvisited folders listed once', async () => {
    const tree: Tree = { w: { a: { '1.ts': '1', '2.ts': '2' }, 'b.ts': 'b', c: { d: { 'e.ts': 'e' } }, 'z.ts': 'z' } };
    const fs = memFs(tree);
    const r = await walkFiles(['/w'], fs, { ...OPTIONS, maxFiles: 2 });
    assert.deepEqual(paths(r), ['w/a/1.ts', 'w/a/2.ts']);
    assert.deepEqual(skips(r), ['w/b.ts limit', 'w/c limit', 'w/z.ts limit']);
    assert.ok(!fs.lists.includes('/w/c'), 'folders after the limit are not walked');
  });

  test('maxTotalBytes: stops at the first file that does not fit', async () => {
    const tree: Tree = { w: { '1.txt': 'x'.repeat(40), '2.txt': 'x'.repeat(40), '3.txt': 'x'.repeat(40), '4.txt': 'x' } };
    const r = await walkFiles(['/w'], memFs(tree), { ...OPTIONS, maxTotalBytes: 100 });
    assert.deepEqual(paths(r), ['w/1.txt', 'w/2.txt']);
    assert.deepEqual(skips(r), ['w/3.txt limit', 'w/4.txt limit']);
  });

  test('order is by path, whatever order the file system lists in (a.ts before a/)', async () => {
    const tree: Tree = { w: { a: { 'x.ts': 'x' }, 'a.ts': 'a', 'a-b.ts': 'ab', B: { 'y.ts': 'y' }, 'a0.ts': '0' } };
    const r = await walkFiles(['/w'], memFs(tree), { ...OPTIONS, maxFiles: 3 });
    assert.deepEqual(paths(r), ['w/B/y.ts', 'w/a-b.ts', 'w/a.ts']);
    assert.deepEqual(skips(r), ['w/a limit', 'w/a0.ts limit']);
  });

  test('unreadable files and folders, special files and missing roots are reported, not fatal', async () => {
    const tree: Tree = { w: { 'ok.ts': 'ok', 'locked.ts': 'no', sock: null, sub: { 'x.ts': 'x' } } };
    const fs = memFs(tree);
    fs.failRead.add('/w/locked.ts');
    const broken: WalkFs = { ...fs, readDirectory: (p) => (p === '/w/sub' ? Promise.reject(new Error('EACCES')) : fs.readDirectory(p)) };
    const r = await walkFiles(['/w', '/elsewhere/missing.ts'], broken, OPTIONS);
    assert.equal(r.base, '/');
    assert.deepEqual(paths(r), ['w/ok.ts']);
    assert.deepEqual(skips(r), ['elsewhere/missing.ts unreadable', 'w/locked.ts unreadable', 'w/sock unreadable', 'w/sub unreadable']);
  });

  test('invalid UTF-8 after the sniffed start is binary; a BOM is dropped', async () => {
    const late = new Uint8Array([...new Uint8Array(8100).fill(65), 0xff, 0x41]);
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, 0x68, 0x69]);
    const r = await walkFiles(['/w'], memFs({ w: { 'late.txt': late, 'bom.txt': bom } }), { ...OPTIONS, maxFileBytes: 10_000 });
    assert.deepEqual(skips(r), ['w/late.txt binary']);
    assert.equal(r.files[0]!.content, 'hi');
    assert.equal(r.files[0]!.size, 5);
  });

  test('deep (or cyclic-through-symlink) trees stop at a depth limit', async () => {
    let tree: Tree = { 'leaf.ts': 'leaf' };
    for (let i = 0; i < 80; i++) tree = { d: tree };
    const r = await walkFiles(['/root'], memFs({ root: tree }), OPTIONS);
    assert.deepEqual(paths(r), []);
    assert.equal(r.skipped.length, 1);
    assert.equal(r.skipped[0]!.reason, 'limit');
  });

  test('cancellation rejects with a cancelled PasteError and stops reading', async () => {
    const controller = new AbortController();
    const fs = memFs(project());
    const slow: WalkFs = {
      ...fs,
      readFile: async (p) => {
        const bytes = await fs.readFile(p);
        if (fs.reads.length === 2) controller.abort();
        return bytes;
      },
    };
    await assert.rejects(walkFiles(['/w'], slow, { ...OPTIONS, signal: controller.signal }), (err) => isPasteError(err, 'cancelled'));
    assert.equal(fs.reads.length, 2);
    const already = AbortSignal.abort();
    await assert.rejects(walkFiles(['/w'], memFs(project()), { ...OPTIONS, signal: already }), (err) => isPasteError(err, 'cancelled'));
  });
});
