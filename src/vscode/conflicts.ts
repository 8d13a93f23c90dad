// What the user sees when a save of a pastedeck: file fails: every failure is
// logged, and a save refused because the paste changed on the server offers
// Compare (remote ↔ yours), Overwrite and Discard. Nothing is written without
// the user's choice.
import * as vscode from 'vscode';
import type { Instances } from './instances';
import type { Log } from './log';
import { fromPasteUri, PASTE_SCHEME, type PasteFileSystem } from './pasteFs';

const t = vscode.l10n.t;

/** Read-only documents with the server's current text of a pastedeck: file (the left side of Compare). */
export const REMOTE_SCHEME = 'pastedeck-remote';

export function toRemoteUri(uri: vscode.Uri): vscode.Uri {
  return uri.with({ scheme: REMOTE_SCHEME });
}

export class ConflictUi implements vscode.Disposable {
  private readonly remoteChanged = new vscode.EventEmitter<vscode.Uri>();
  /** Files whose conflict notification is on screen (one at a time per file). */
  private readonly open = new Set<string>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly pasteFs: PasteFileSystem,
    private readonly instances: Instances,
    private readonly log: Log,
  ) {
    const provider: vscode.TextDocumentContentProvider = {
      onDidChange: this.remoteChanged.event,
      provideTextDocumentContent: async (remote) => {
        const uri = remote.with({ scheme: PASTE_SCHEME });
        try {
          return await this.pasteFs.readRemote(uri);
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          this.log.warn(`Reading the server's text of ${uri.path} failed: ${message}`);
          throw err;
        }
      },
    };
    this.subscriptions = [
      vscode.workspace.registerTextDocumentContentProvider(REMOTE_SCHEME, provider),
      pasteFs.onDidFailSave((f) => this.log.error(`Saving ${f.uri.path} failed [${f.kind}]: ${f.message}`)),
      pasteFs.onDidConflict((uri) => void this.resolve(uri)),
    ];
  }

  /** Asks what to do with a save the server refused as a conflict, until the user overwrites, discards or dismisses. */
  async resolve(uri: vscode.Uri): Promise<void> {
    const key = uri.toString();
    if (this.open.has(key)) return;
    this.open.add(key);
    try {
      const location = fromPasteUri(uri);
      const file = location?.kind === 'file' ? location.fileName : uri.path;
      const instanceId = location && location.kind !== 'root' ? location.instanceId : '';
      const instanceName = this.instances.get(instanceId)?.name ?? instanceId;
      this.log.warn(`Save of ${uri.path} refused: the paste changed on ${instanceName} since it was opened. Asking what to do.`);
      const compare = t('Compare');
      const overwrite = t('Overwrite');
      const discard = t('Discard');
      for (;;) {
        const choice = await vscode.window.showWarningMessage(t('{0} changed on {1} since you opened it. Your text is kept.', file, instanceName), compare, overwrite, discard);
        if (choice === compare) {
          this.log.info(`Conflict on ${uri.path}: Compare.`);
          await this.compare(uri, file);
          continue;
        }
        if (choice === overwrite) {
          this.log.info(`Conflict on ${uri.path}: Overwrite.`);
          await this.overwrite(uri);
        } else if (choice === discard) {
          this.log.info(`Conflict on ${uri.path}: Discard.`);
          await this.discard(uri);
        } else {
          this.log.info(`Conflict on ${uri.path}: dismissed; the editor keeps your text unsaved.`);
        }
        return;
      }
    } finally {
      this.open.delete(key);
    }
  }

  /** The server's text on the left, the editor's on the right. */
  private async compare(uri: vscode.Uri, file: string): Promise<void> {
    const remote = toRemoteUri(uri);
    // Read the server again if the remote side is already open.
    this.remoteChanged.fire(remote);
    try {
      await vscode.commands.executeCommand('vscode.diff', remote, uri, t('{0} (remote ↔ yours)', file), { preview: true });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.log.error(`Compare of ${uri.path} failed: ${message}`);
      void vscode.window.showErrorMessage(t('Could not read the server\'s text of {0}: {1}', file, message));
    }
  }

  /** Saves the editor's text over the server's change. */
  private async overwrite(uri: vscode.Uri): Promise<void> {
    const doc = this.document(uri);
    if (!doc) {
      this.log.warn(`Overwrite of ${uri.path}: the editor is closed; nothing to save.`);
      void vscode.window.showInformationMessage(t('{0} is no longer open; nothing was saved.', uri.path.split('/').pop() ?? uri.path));
      return;
    }
    this.pasteFs.overwriteNextSave(uri);
    const saved = await doc.save();
    this.log.info(saved ? `Overwrite of ${uri.path}: saved over the server's change.` : `Overwrite of ${uri.path}: the save did not go through.`);
  }

  /** Drops the editor's text and shows the server's. */
  private async discard(uri: vscode.Uri): Promise<void> {
    const doc = this.document(uri);
    if (!doc) {
      this.log.info(`Discard of ${uri.path}: the editor is closed; nothing to revert.`);
      return;
    }
    await vscode.window.showTextDocument(doc, { preview: false, preserveFocus: false });
    await vscode.commands.executeCommand('workbench.action.files.revert');
    this.log.info(`Discard of ${uri.path}: reverted to the server's text.`);
  }

  private document(uri: vscode.Uri): vscode.TextDocument | undefined {
    return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.remoteChanged.dispose();
  }
}
