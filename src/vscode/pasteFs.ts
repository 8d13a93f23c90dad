// The `pastedeck:` file system: a thin VS Code adapter over core/pasteDocuments.
// It never asks the user anything; it throws FileSystemErrors, and the tree and
// the commands decide what to show.
import * as vscode from 'vscode';
import type { Paste } from '../core/model';
import { DocumentError, PasteDocuments, toDocumentError, type DocumentChange } from '../core/pasteDocuments';
import { fromPastePath, PASTE_SCHEME, toPastePath, type PasteLocation } from '../core/pasteUri';
import type { Accounts } from './accounts';
import type { Instances } from './instances';

export { PASTE_SCHEME };

/** The one place a location becomes a vscode.Uri. */
export function toPasteUri(location: PasteLocation): vscode.Uri {
  return vscode.Uri.from({ scheme: PASTE_SCHEME, path: toPastePath(location) });
}

export function pasteFolderUri(instanceId: string, pasteId: string): vscode.Uri {
  return toPasteUri({ kind: 'paste', instanceId, pasteId });
}

export function pasteFileUri(instanceId: string, pasteId: string, fileName: string): vscode.Uri {
  return toPasteUri({ kind: 'file', instanceId, pasteId, fileName });
}

/** The location a `pastedeck:` URI names; undefined for other schemes and malformed paths. */
export function fromPasteUri(uri: vscode.Uri): PasteLocation | undefined {
  return uri.scheme === PASTE_SCHEME ? fromPastePath(uri.path) : undefined;
}

/** A save that did not go through: the editor keeps the user's text (VS Code leaves it dirty). */
export interface SaveFailure {
  readonly uri: vscode.Uri;
  /** The message the FileSystemError carries (why, and what to do). */
  readonly message: string;
  /** The paste service error kind, or "conflict" for a refused save. */
  readonly kind: string;
}

/** What to do after a save failed, by why it failed; appended to the FileSystemError's message. */
export function saveAdvice(e: DocumentError): string {
  if (e.conflict) return vscode.l10n.t('Your text is kept: choose Compare, Overwrite or Discard in the PasteDeck notification.');
  switch (e.pasteError?.kind) {
    case 'auth':
      return vscode.l10n.t('Your text is kept: set a valid key (PasteDeck: Set API Key), then save again.');
    case 'network':
      return vscode.l10n.t('Your text is kept: check the network and the instance base URL, then save again.');
    case 'timeout':
      return vscode.l10n.t('Your text is kept: save again, or raise pastedeck.requestTimeoutSeconds.');
    case 'rateLimited':
      return vscode.l10n.t('Your text is kept: wait a moment, then save again.');
    case 'server':
      return vscode.l10n.t('Your text is kept: the service may be down; save again later.');
    case 'tooLarge':
      return vscode.l10n.t('Your text is kept: the service refuses text this large.');
    default:
      return e.code === 'Unavailable' || e.pasteError ? vscode.l10n.t('Your text is kept in the editor.') : '';
  }
}

const TYPE = { directory: vscode.FileType.Directory, file: vscode.FileType.File } as const;

export class PasteFileSystem implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;
  private readonly conflicted = new vscode.EventEmitter<vscode.Uri>();
  /** Fires with the file URI when a save was refused because the paste changed on the server. */
  readonly onDidConflict = this.conflicted.event;
  private readonly saveFailed = new vscode.EventEmitter<SaveFailure>();
  /** Fires for every save (writeFile) that failed, whatever the reason, conflicts included. */
  readonly onDidFailSave = this.saveFailed.event;
  readonly documents: PasteDocuments;

  constructor(instances: Instances, accounts: Accounts) {
    this.documents = new PasteDocuments(
      {
        instanceIds: () => instances.list().map((i) => i.id),
        provider: (id) => {
          const instance = instances.get(id);
          return instance ? instances.provider(instance) : undefined;
        },
        deletionKey: async (instanceId, pasteId) => accounts.getDeletionKey(instanceId, pasteId),
      },
      (changes) => this.changed.fire(changes.map((c) => this.toEvent(c))),
    );
  }

  /** Lets the next read of a burn-after-read paste through (the user confirmed it). */
  allowBurn(uri: vscode.Uri): void {
    const location = this.location(uri);
    if (location.kind === 'paste' || location.kind === 'file') this.documents.allowBurn(location.instanceId, location.pasteId);
  }

  /** The next save of this file skips the conflict check (the user chose Overwrite). */
  overwriteNextSave(uri: vscode.Uri): void {
    const location = this.location(uri);
    if (location.kind === 'file') this.documents.overwriteNextSave(location.instanceId, location.pasteId, location.fileName);
  }

  /**
   * The file as the server has it now, for Compare after a conflict. Unlike
   * readFile, it leaves the content the editor was read from as the base of the
   * next save, so the conflict stands until the user reverts or overwrites.
   */
  readRemote(uri: vscode.Uri): Promise<string> {
    return this.run(uri, (l) => this.documents.readRemote(l));
  }

  /** Remembers a paste seen in a listing (its burn-after-read flag is then known before any read). */
  noteListed(instanceId: string, paste: Paste): void {
    this.documents.noteListed(instanceId, paste);
  }

  isBurnAfterRead(uri: vscode.Uri): boolean {
    const location = fromPasteUri(uri);
    return location?.kind === 'paste' || location?.kind === 'file' ? this.documents.isBurnAfterRead(location.instanceId, location.pasteId) : false;
  }

  watch(): vscode.Disposable {
    // Changes made through PasteDeck are reported; nothing polls the services.
    return new vscode.Disposable(() => undefined);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const s = await this.run(uri, (l) => this.documents.stat(l));
    return {
      type: TYPE[s.type],
      ctime: s.ctime,
      mtime: s.mtime,
      size: s.size,
      ...(s.type === 'file' && s.readonly ? { permissions: vscode.FilePermission.Readonly } : {}),
    };
  }

  async readDirectory(uri: vscode.Uri): Promise<[string, vscode.FileType][]> {
    const entries = await this.run(uri, (l) => this.documents.readDirectory(l));
    return entries.map(([name, type]) => [name, TYPE[type]]);
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    return new TextEncoder().encode(await this.run(uri, (l) => this.documents.readFile(l)));
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array, options: { readonly create: boolean; readonly overwrite: boolean }): Promise<void> {
    const text = new TextDecoder().decode(content);
    await this.run(uri, (l) => this.documents.writeFile(l, text, { create: options.create, overwrite: options.overwrite }), true);
  }

  createDirectory(): void {
    throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('Pastes are created by sharing (PasteDeck: Share Selection or Share Files).'));
  }

  async rename(oldUri: vscode.Uri, newUri: vscode.Uri, options: { readonly overwrite: boolean }): Promise<void> {
    const to = this.location(newUri);
    await this.run(oldUri, (from) => this.documents.rename(from, to, { overwrite: options.overwrite }));
  }

  async delete(uri: vscode.Uri): Promise<void> {
    await this.run(uri, (l) => this.documents.delete(l));
  }

  dispose(): void {
    this.documents.dispose();
    this.changed.dispose();
    this.conflicted.dispose();
    this.saveFailed.dispose();
  }

  private location(uri: vscode.Uri): PasteLocation {
    const location = fromPasteUri(uri);
    if (!location) throw vscode.FileSystemError.FileNotFound(uri);
    return location;
  }

  private async run<T>(uri: vscode.Uri, work: (location: PasteLocation) => Promise<T>, save = false): Promise<T> {
    const location = this.location(uri);
    try {
      return await work(location);
    } catch (err) {
      const e = toDocumentError(err);
      const fsError = this.toFileSystemError(e, uri, save);
      if (save) this.saveFailed.fire({ uri, message: fsError.message, kind: e.conflict ? 'conflict' : (e.pasteError?.kind ?? e.code) });
      if (e.conflict) this.conflicted.fire(uri);
      throw fsError;
    }
  }

  private toFileSystemError(e: DocumentError, uri: vscode.Uri, save = false): vscode.FileSystemError {
    if (save && (e.code === 'Unavailable' || e.code === 'NoPermissions')) {
      // A failed save says why and what to do; VS Code shows this text and keeps the editor dirty.
      const message = [e.message, saveAdvice(e)].filter(Boolean).join(' ');
      return e.code === 'Unavailable' ? vscode.FileSystemError.Unavailable(message) : vscode.FileSystemError.NoPermissions(message);
    }
    switch (e.code) {
      case 'FileNotFound':
        return vscode.FileSystemError.FileNotFound(uri);
      case 'FileExists':
        return vscode.FileSystemError.FileExists(e.message);
      case 'FileNotADirectory':
        return vscode.FileSystemError.FileNotADirectory(uri);
      case 'FileIsADirectory':
        return vscode.FileSystemError.FileIsADirectory(uri);
      case 'NoPermissions':
        return vscode.FileSystemError.NoPermissions(e.message);
      case 'Unavailable':
        return vscode.FileSystemError.Unavailable(e.message);
    }
  }

  private toEvent(change: DocumentChange): vscode.FileChangeEvent {
    const type =
      change.type === 'created' ? vscode.FileChangeType.Created : change.type === 'deleted' ? vscode.FileChangeType.Deleted : vscode.FileChangeType.Changed;
    return { type, uri: toPasteUri(change.location) };
  }
}

/**
 * Gives a pastedeck: document the language the service named when VS Code could
 * not tell it from the file name (Paste API names, ownpaste files without an extension).
 */
export function applyPasteLanguages(pasteFs: PasteFileSystem): vscode.Disposable {
  const apply = (doc: vscode.TextDocument): void => {
    const location = fromPasteUri(doc.uri);
    if (location?.kind !== 'file' || doc.languageId !== 'plaintext') return;
    const file = pasteFs.documents.cached(location.instanceId, location.pasteId)?.files.find((f) => f.name === location.fileName);
    if (!file?.language || file.language === 'plaintext') return;
    // An id this VS Code does not know is simply left as plain text.
    vscode.languages.setTextDocumentLanguage(doc, file.language).then(undefined, () => undefined);
  };
  vscode.workspace.textDocuments.forEach(apply);
  return vscode.workspace.onDidOpenTextDocument(apply);
}
