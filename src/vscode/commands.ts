import * as vscode from 'vscode';
import type { Accounts } from './accounts';
import { copyLink, copyRawLink, openInBrowser, openPaste, openPasteAsFolder, openPasteById, searchPastes, targetOf } from './browseCommands';
import { CommandIds, type CommandId } from './commandIds';
import { addFile, deleteFile, renameFile } from './fileCommands';
import type { History } from './history';
import { addInstance, deletePaste, removeApiKey, setApiKey } from './instanceCommands';
import type { Instances } from './instances';
import type { Log } from './log';
import type { PasteFileSystem } from './pasteFs';
import type { Sharing } from './share';
import type { PastesTree, PastesTreeNode } from './tree';

export interface CommandContext {
  readonly log: Log;
  readonly instances: Instances;
  readonly accounts: Accounts;
  readonly history: History;
  readonly sharing: Sharing;
  readonly pasteFs: PasteFileSystem;
  readonly pastes: PastesTree;
}

type Handler = (...args: unknown[]) => unknown;

/** Registers one handler per declared command id (the type makes a missing one a compile error). */
export function registerCommands(ctx: CommandContext): vscode.Disposable {
  const handlers: Record<CommandId, Handler> = {
    [CommandIds.showLog]: () => ctx.log.show(true),
    [CommandIds.shareSelection]: () => ctx.sharing.shareSelection(false),
    [CommandIds.shareSelectionTo]: () => ctx.sharing.shareSelection(true),
    [CommandIds.shareFiles]: (clicked, selected) =>
      ctx.sharing.shareFiles(clicked instanceof vscode.Uri ? clicked : undefined, Array.isArray(selected) ? selected.filter((u): u is vscode.Uri => u instanceof vscode.Uri) : undefined),
    [CommandIds.addInstance]: () => addInstance(ctx),
    [CommandIds.setApiKey]: (id) => setApiKey(ctx, id),
    [CommandIds.removeApiKey]: (id) => removeApiKey(ctx, id),
    [CommandIds.deletePaste]: async (target) => {
      await deletePaste(ctx, target);
      // Whether deleted or not, the tree and the documents read the service again.
      const deleted = target === undefined ? undefined : targetOf(target);
      if (deleted) ctx.pasteFs.documents.forget(deleted.instanceId, deleted.pasteId);
      ctx.pastes.refresh();
    },
    [CommandIds.refresh]: (node) => ctx.pastes.refresh(isNode(node) ? node : undefined),
    [CommandIds.loadMore]: (node) => (isNode(node) && (node.kind === 'more' || node.kind === 'group') ? ctx.pastes.loadMore(node) : undefined),
    [CommandIds.openPaste]: (arg) => openPaste(ctx, arg),
    [CommandIds.openPasteById]: (input) => openPasteById(ctx, input),
    [CommandIds.openPasteAsFolder]: (arg) => openPasteAsFolder(ctx, arg),
    [CommandIds.openInBrowser]: (arg) => openInBrowser(ctx, arg),
    [CommandIds.copyLink]: (arg) => copyLink(ctx, arg),
    [CommandIds.copyRawLink]: (arg) => copyRawLink(ctx, arg),
    [CommandIds.addFile]: (arg) => addFile(ctx, arg),
    [CommandIds.renameFile]: (arg) => renameFile(ctx, arg),
    [CommandIds.deleteFile]: (arg) => deleteFile(ctx, arg),
    [CommandIds.searchPastes]: () => searchPastes(ctx),
  };
  return vscode.Disposable.from(
    ...Object.entries(handlers).map(([id, handler]) => vscode.commands.registerCommand(id, handler)),
  );
}

function isNode(arg: unknown): arg is PastesTreeNode {
  return typeof arg === 'object' && arg !== null && typeof (arg as { kind?: unknown }).kind === 'string' && !(arg instanceof vscode.Uri);
}
