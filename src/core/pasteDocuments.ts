// Remote pastes as folders and files, without VS Code: what `pastedeck:` reads,
// what a save sends, when a save is refused as a conflict, and which file system
// error each failure is. src/vscode/pasteFs.ts is a thin adapter over this.
import { PasteError, type PasteErrorKind } from './errors';
import { md5Hex } from './md5';
import type { FileChange, Paste, PasteFile, PasteProvider } from './model';
import { pasteOf, toPastePath, type PasteLocation } from './pasteUri';

/** The FileSystemError factory a failure maps to (named as VS Code names them). */
export type FsErrorCode = 'FileNotFound' | 'FileExists' | 'FileNotADirectory' | 'FileIsADirectory' | 'NoPermissions' | 'Unavailable';

export class DocumentError extends Error {
  override readonly name = 'DocumentError';
  constructor(
    readonly code: FsErrorCode,
    message: string,
    /** Set when a save was refused because the paste changed on the server. */
    readonly conflict = false,
    readonly pasteError?: PasteError,
  ) {
    super(message);
  }
}

/** Which file system error each kind of paste service failure is. */
export const FS_ERROR_FOR_KIND: Readonly<Record<PasteErrorKind, FsErrorCode>> = {
  notFound: 'FileNotFound',
  auth: 'NoPermissions',
  unsupported: 'NoPermissions',
  invalid: 'NoPermissions',
  tooLarge: 'NoPermissions',
  network: 'Unavailable',
  timeout: 'Unavailable',
  server: 'Unavailable',
  rateLimited: 'Unavailable',
  conflict: 'Unavailable',
  cancelled: 'Unavailable',
};

/** Any failure as a DocumentError (a DocumentError passes through). */
export function toDocumentError(err: unknown): DocumentError {
  if (err instanceof DocumentError) return err;
  if (err instanceof PasteError) return new DocumentError(FS_ERROR_FOR_KIND[err.kind], err.message, err.kind === 'conflict', err);
  return new DocumentError('Unavailable', err instanceof Error ? err.message : String(err));
}

export type ChangeType = 'changed' | 'created' | 'deleted';
export interface DocumentChange {
  type: ChangeType;
  location: PasteLocation;
}

/** Collects events and hands them over once, as one array, `delayMs` after the first. */
export class ChangeBatcher<T> {
  private pending: T[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly deliver: (events: T[]) => void,
    private readonly delayMs = 5,
  ) {}

  push(...events: T[]): void {
    this.pending.push(...events);
    if (this.timer === undefined) {
      this.timer = setTimeout(() => this.flush(), this.delayMs);
    }
  }

  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const events = this.pending;
    this.pending = [];
    if (events.length > 0) this.deliver(events);
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = [];
  }
}

export interface DocumentStat {
  type: 'directory' | 'file';
  /** Milliseconds since 1970. */
  ctime: number;
  mtime: number;
  size: number;
  /** The service cannot change it. */
  readonly: boolean;
}

/** What the documents need from the configured instances (Instances and Accounts in VS Code). */
export interface DocumentsHost {
  instanceIds(): string[];
  /** Undefined when no instance has that id. */
  provider(instanceId: string): PasteProvider | undefined;
  /** A stored deletion key (paste.gg, Modern Paste) for a paste created here. */
  deletionKey(instanceId: string, pasteId: string): Promise<string | undefined>;
}

interface CachedFile {
  file: PasteFile;
  /** md5 of the content as last fetched from (or written to) the server. */
  hash: string;
  content: string;
}

interface CachedPaste {
  paste: Paste;
  files: Map<string, CachedFile>;
}

export const contentHash = (content: string): string => md5Hex(content);

function time(iso: string | undefined): number {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isFinite(t) ? t : 0;
}

const key = (instanceId: string, pasteId: string): string => `${instanceId}\n${pasteId}`;
const fileKey = (instanceId: string, pasteId: string, fileName: string): string => `${instanceId}\n${pasteId}\n${fileName}`;

/**
 * The pastes opened as documents. Reads fetch the paste in full (concurrent reads
 * of one paste share one request) and remember each file's content and hash; a
 * save sends only the changed file, after checking that the file on the server is
 * still the one that was read. Never asks the user anything: every refusal is a
 * DocumentError, and the editor layer decides what to show.
 */
export class PasteDocuments {
  private readonly cache = new Map<string, CachedPaste>();
  /** Pastes seen in listings (metadata only): burn-after-read flags and stat data for unread pastes. */
  private readonly known = new Map<string, Paste>();
  private readonly burnAllowed = new Set<string>();
  private readonly overwrite = new Set<string>();
  /**
   * Per file: the hash of the content its editor was read from (readFile) or last
   * saved as. Saves compare with this, not with the paste cache, which listings,
   * folder reads and refreshes may replace while an editor holds older text.
   */
  private readonly bases = new Map<string, string>();
  /**
   * Per paste: the modification time stat reports: the service's time when first
   * read, moved on only by saves from here. Fetches that find newer content keep
   * it, so VS Code (which stats before it reads) never takes its own read for a
   * change on disk; changes by others are caught by the hash check on save.
   */
  private readonly mtimes = new Map<string, number>();
  private readonly loading = new Map<string, Promise<Paste>>();
  private readonly batcher: ChangeBatcher<DocumentChange>;

  constructor(
    private readonly host: DocumentsHost,
    onChange: (changes: DocumentChange[]) => void = () => undefined,
    batchDelayMs = 5,
  ) {
    this.batcher = new ChangeBatcher(onChange, batchDelayMs);
  }

  /** Remembers a paste seen in a listing, so its burn-after-read flag is known before any read. */
  noteListed(instanceId: string, paste: Paste): void {
    this.known.set(key(instanceId, paste.id), paste);
  }

  /** The paste as last read in full, if it was. */
  cached(instanceId: string, pasteId: string): Paste | undefined {
    return this.cache.get(key(instanceId, pasteId))?.paste;
  }

  isBurnAfterRead(instanceId: string, pasteId: string): boolean {
    const k = key(instanceId, pasteId);
    return Boolean(this.known.get(k)?.burnAfterRead ?? this.cache.get(k)?.paste.burnAfterRead);
  }

  /** The user confirmed that reading this burn-after-read paste (and so destroying it) is fine. */
  allowBurn(instanceId: string, pasteId: string): void {
    this.burnAllowed.add(key(instanceId, pasteId));
  }

  /** The next save of this file skips the conflict check (the user chose Overwrite). */
  overwriteNextSave(instanceId: string, pasteId: string, fileName: string): void {
    this.overwrite.add(fileKey(instanceId, pasteId, fileName));
  }

  /**
   * Forgets what was fetched of a paste (or of every paste of an instance), so the
   * next read fetches again. What open editors were read from is kept, and so is a
   * burn-after-read paste (it cannot be fetched again).
   */
  forget(instanceId: string, pasteId?: string): void {
    const matches = (k: string) => (pasteId === undefined ? k.startsWith(`${instanceId}\n`) : k === key(instanceId, pasteId));
    for (const [k, entry] of [...this.cache]) if (matches(k) && !entry.paste.burnAfterRead) this.cache.delete(k);
    for (const [k, paste] of [...this.known]) if (matches(k) && !paste.burnAfterRead) this.known.delete(k);
  }

  /** The file as the server has it now, without changing what the editor was read from (for Compare). */
  async readRemote(location: PasteLocation): Promise<string> {
    if (location.kind !== 'file') throw new DocumentError('FileIsADirectory', 'A paste is a folder; open one of its files.');
    if (this.isBurnAfterRead(location.instanceId, location.pasteId)) {
      throw new DocumentError('NoPermissions', `Paste ${location.pasteId} is deleted after it is read once; it cannot be read again.`);
    }
    const paste = await this.fetch(this.providerFor(location), location);
    const file = paste.files.find((f) => f.name === location.fileName);
    if (file?.content === undefined) throw this.notFound(location);
    return file.content;
  }

  async stat(location: PasteLocation): Promise<DocumentStat> {
    switch (location.kind) {
      case 'root':
        return { type: 'directory', ctime: 0, mtime: 0, size: 0, readonly: true };
      case 'instance':
        this.providerFor(location);
        return { type: 'directory', ctime: 0, mtime: 0, size: 0, readonly: true };
      case 'paste': {
        const provider = this.providerFor(location);
        const caps = provider.capabilities;
        const paste = this.cache.get(key(location.instanceId, location.pasteId))?.paste ?? this.known.get(key(location.instanceId, location.pasteId)) ?? (await this.load(location)).paste;
        return {
          type: 'directory',
          ctime: time(paste.createdAt),
          mtime: this.mtimes.get(key(location.instanceId, location.pasteId)) ?? time(paste.updatedAt ?? paste.createdAt),
          size: 0,
          readonly: !(caps.addFile || caps.renameFile || caps.removeFile),
        };
      }
      case 'file': {
        const provider = this.providerFor(location);
        const entry = this.cache.get(key(location.instanceId, location.pasteId)) ?? (await this.load(location));
        const file = entry.files.get(location.fileName);
        if (!file) throw this.notFound(location);
        return {
          type: 'file',
          ctime: time(entry.paste.createdAt),
          mtime: this.mtimes.get(key(location.instanceId, location.pasteId)) ?? 0,
          size: new TextEncoder().encode(file.content).length,
          readonly: !provider.capabilities.updateContent,
        };
      }
    }
  }

  /** Names and types: instances under the root, pastes read so far under an instance, files under a paste. */
  async readDirectory(location: PasteLocation): Promise<[string, 'directory' | 'file'][]> {
    switch (location.kind) {
      case 'root':
        return this.host.instanceIds().map((id) => [id, 'directory']);
      case 'instance': {
        this.providerFor(location);
        const prefix = `${location.instanceId}\n`;
        return [...this.cache.keys()].filter((k) => k.startsWith(prefix)).map((k) => [k.slice(prefix.length), 'directory']);
      }
      case 'paste': {
        const entry = await this.load(location, true);
        return [...entry.files.keys()].map((name) => [name, 'file']);
      }
      case 'file': {
        // VS Code asks for folders such as .vscode inside a workspace folder: those do not exist.
        const entry = await this.load(location);
        if (!entry.files.has(location.fileName)) throw this.notFound(location);
        throw new DocumentError('FileNotADirectory', `${location.fileName} is a file, not a folder.`);
      }
    }
  }

  /** The file's content, fetched again from the server (a burn-after-read paste is read once, then served from memory). */
  async readFile(location: PasteLocation): Promise<string> {
    if (location.kind !== 'file') throw new DocumentError('FileIsADirectory', 'A paste is a folder; open one of its files.');
    const entry = await this.load(location, true);
    const file = entry.files.get(location.fileName);
    if (!file) throw this.notFound(location);
    this.bases.set(fileKey(location.instanceId, location.pasteId, location.fileName), file.hash);
    return file.content;
  }

  /**
   * Saves a file: one update with only this file, after checking that the file on
   * the server is still the one that was read. The same content as read sends nothing.
   */
  async writeFile(location: PasteLocation, content: string, options: { create: boolean; overwrite: boolean }): Promise<void> {
    if (location.kind !== 'file') {
      throw new DocumentError('NoPermissions', 'Pastes are created by sharing; only the files of a paste can be written.');
    }
    const provider = this.providerFor(location);
    const caps = provider.capabilities;
    const k = key(location.instanceId, location.pasteId);
    const entry = this.cache.get(k) ?? (await this.load(location));
    const cached = entry.files.get(location.fileName);
    if (!cached) {
      if (!options.create) throw this.notFound(location);
      if (!caps.addFile) throw new DocumentError('NoPermissions', `${provider.serviceName} cannot add a file to a paste.`);
      await this.update(provider, location, [{ kind: 'add', name: location.fileName, content }], entry, { [location.fileName]: content });
      this.bases.set(fileKey(location.instanceId, location.pasteId, location.fileName), contentHash(content));
      this.batcher.push({ type: 'created', location }, { type: 'changed', location: { kind: 'paste', instanceId: location.instanceId, pasteId: location.pasteId } });
      return;
    }
    if (options.create && !options.overwrite) throw new DocumentError('FileExists', `${location.fileName} already exists in paste ${location.pasteId}.`);
    if (!caps.updateContent) throw new DocumentError('NoPermissions', `${provider.serviceName} cannot edit pastes; this file is read-only.`);
    const fk = fileKey(location.instanceId, location.pasteId, location.fileName);
    // What the editor was read from; a file never read here counts as the cached one.
    const baseHash = this.bases.get(fk) ?? cached.hash;
    if (contentHash(content) === baseHash) return;

    const force = this.overwrite.delete(fk);
    let base = entry;
    // A burn-after-read paste is never read again: the read would destroy it.
    if (!force && !this.isBurnAfterRead(location.instanceId, location.pasteId)) {
      // Only compared, never kept: what the editor was read from stays the base.
      const remote = this.toEntry(await this.fetch(provider, location));
      const now = remote.files.get(location.fileName);
      if (!now || now.hash !== baseHash) {
        throw new DocumentError(
          'Unavailable',
          now
            ? `${location.fileName} changed on the server since it was opened; the save did not go through, so the other change is kept.`
            : `${location.fileName} was renamed or removed on the server since it was opened; the save did not go through.`,
          true,
        );
      }
      base = remote;
    }
    const change: FileChange = cached.file.id !== undefined ? { kind: 'update', id: cached.file.id, content } : { kind: 'update', content };
    await this.update(provider, location, [change], base, { [location.fileName]: content });
    this.bases.set(fk, contentHash(content));
    this.batcher.push({ type: 'changed', location });
  }

  async rename(from: PasteLocation, to: PasteLocation, options: { overwrite: boolean }): Promise<void> {
    if (from.kind !== 'file' || to.kind !== 'file' || from.instanceId !== to.instanceId || from.pasteId !== to.pasteId) {
      throw new DocumentError('NoPermissions', 'Only a file can be renamed, within its paste.');
    }
    const provider = this.providerFor(from);
    if (!provider.capabilities.renameFile) throw new DocumentError('NoPermissions', `${provider.serviceName} cannot rename the file of a paste.`);
    const entry = await this.load(from);
    const cached = entry.files.get(from.fileName);
    if (!cached) throw this.notFound(from);
    if (from.fileName === to.fileName) return;
    if (entry.files.has(to.fileName) && !options.overwrite) throw new DocumentError('FileExists', `${to.fileName} already exists in paste ${to.pasteId}.`);
    const change: FileChange = cached.file.id !== undefined ? { kind: 'update', id: cached.file.id, name: to.fileName } : { kind: 'update', name: to.fileName };
    await this.update(provider, from, [change], entry);
    const fromKey = fileKey(from.instanceId, from.pasteId, from.fileName);
    const base = this.bases.get(fromKey);
    this.bases.delete(fromKey);
    if (base !== undefined) this.bases.set(fileKey(to.instanceId, to.pasteId, to.fileName), base);
    this.batcher.push({ type: 'deleted', location: from }, { type: 'created', location: to });
  }

  /** A file (where the service removes files) or a whole paste (with the account key or a stored deletion key). */
  async delete(location: PasteLocation): Promise<void> {
    if (location.kind === 'root' || location.kind === 'instance') {
      throw new DocumentError('NoPermissions', 'Instances are removed in the pastedeck.instances setting.');
    }
    const provider = this.providerFor(location);
    const caps = provider.capabilities;
    if (location.kind === 'file') {
      if (!caps.removeFile) throw new DocumentError('NoPermissions', `${provider.serviceName} cannot remove a file from a paste; delete the paste instead.`);
      const entry = await this.load(location);
      const cached = entry.files.get(location.fileName);
      if (!cached) throw this.notFound(location);
      if (cached.file.id === undefined) throw new DocumentError('NoPermissions', `${provider.serviceName} does not name the files of a paste; delete the paste instead.`);
      await this.update(provider, location, [{ kind: 'remove', id: cached.file.id }], entry);
      this.bases.delete(fileKey(location.instanceId, location.pasteId, location.fileName));
      this.batcher.push({ type: 'deleted', location });
      return;
    }
    const deletionKey = caps.deleteWithDeletionKey ? await this.host.deletionKey(location.instanceId, location.pasteId) : undefined;
    if (!caps.deleteWithKey && !deletionKey) {
      throw new DocumentError('NoPermissions', `${provider.serviceName} cannot delete this paste without its deletion key.`);
    }
    try {
      await provider.delete(location.pasteId, deletionKey ? { deletionKey } : {});
    } catch (err) {
      throw toDocumentError(err);
    }
    const k = key(location.instanceId, location.pasteId);
    this.cache.delete(k);
    this.known.delete(k);
    this.mtimes.delete(k);
    for (const b of [...this.bases.keys()]) if (b.startsWith(`${k}\n`)) this.bases.delete(b);
    this.batcher.push({ type: 'deleted', location });
  }

  /** Hands over the pending change events now (tests, and before disposal). */
  flushChanges(): void {
    this.batcher.flush();
  }

  dispose(): void {
    this.batcher.dispose();
  }

  private providerFor(location: Exclude<PasteLocation, { kind: 'root' }>): PasteProvider {
    const provider = this.host.provider(location.instanceId);
    if (!provider) throw new DocumentError('FileNotFound', `No instance ${location.instanceId} is configured.`);
    return provider;
  }

  private notFound(location: PasteLocation): DocumentError {
    return new DocumentError('FileNotFound', `${toPastePath(location)} does not exist.`);
  }

  /**
   * The paste in full, from memory unless `fresh`. A burn-after-read paste is
   * fetched once and only when the user allowed it; later reads use memory.
   */
  private async load(location: Exclude<PasteLocation, { kind: 'root' | 'instance' }>, fresh = false): Promise<CachedPaste> {
    const ids = pasteOf(location)!;
    const k = key(ids.instanceId, ids.pasteId);
    const cached = this.cache.get(k);
    const burn = this.isBurnAfterRead(ids.instanceId, ids.pasteId);
    if (cached && (!fresh || burn)) return cached;
    const provider = this.providerFor(location);
    if (burn) {
      if (!this.burnAllowed.has(k)) {
        throw new DocumentError('NoPermissions', `Paste ${ids.pasteId} is deleted after it is read once; open it from the Pastes view or "Open Paste…" to confirm.`);
      }
      this.burnAllowed.delete(k);
    }
    return this.remember(ids.instanceId, await this.fetch(provider, ids));
  }

  /** One request per paste at a time, however many reads ask. */
  private fetch(provider: PasteProvider, ids: { instanceId: string; pasteId: string }): Promise<Paste> {
    const k = key(ids.instanceId, ids.pasteId);
    const running = this.loading.get(k);
    if (running) return running;
    const promise = (async () => {
      try {
        return await provider.get(ids.pasteId, { full: true });
      } catch (err) {
        throw toDocumentError(err);
      } finally {
        this.loading.delete(k);
      }
    })();
    this.loading.set(k, promise);
    return promise;
  }

  /** Keeps the paste as last fetched; `saved` moves the modification time on. */
  private remember(instanceId: string, paste: Paste, written: Record<string, string> = {}, fallback?: CachedPaste, saved = false): CachedPaste {
    const k = key(instanceId, paste.id);
    const first = this.mtimes.get(k) ?? time(paste.updatedAt ?? paste.createdAt);
    this.mtimes.set(k, saved ? Math.max(Date.now(), first + 1) : first);
    const entry = this.toEntry(paste, written, fallback);
    this.cache.set(k, entry);
    return entry;
  }

  private toEntry(paste: Paste, written: Record<string, string> = {}, fallback?: CachedPaste): CachedPaste {
    const files = new Map<string, CachedFile>();
    // An answer without files keeps the files that were read.
    const list = paste.files.length > 0 || !fallback ? paste.files : [...fallback.files.values()].map((f) => f.file);
    const before = fallback ? [...fallback.files.values()] : [];
    const previous = (file: PasteFile): CachedFile | undefined =>
      (file.id !== undefined ? before.find((f) => f.file.id === file.id) : undefined) ??
      fallback?.files.get(file.name) ??
      (list.length === 1 && before.length === 1 ? before[0] : undefined);
    for (const file of list) {
      const content = written[file.name] ?? file.content ?? previous(file)?.content;
      if (content === undefined) continue;
      files.set(file.name, { file, content, hash: contentHash(content) });
    }
    return { paste, files };
  }

  private async update(
    provider: PasteProvider,
    location: { instanceId: string; pasteId: string },
    files: FileChange[],
    base: CachedPaste,
    written: Record<string, string> = {},
  ): Promise<void> {
    let after: Paste;
    try {
      after = await provider.update(location.pasteId, { files }, {});
    } catch (err) {
      throw toDocumentError(err);
    }
    // Services that answer without contents keep what was read, plus what was just written.
    this.remember(location.instanceId, { ...after, id: location.pasteId }, written, base, true);
  }
}
