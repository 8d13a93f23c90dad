// Wiring only: create the parts, register them, and let VS Code dispose them.
import * as vscode from 'vscode';
import { Accounts } from './vscode/accounts';
import { registerCommands } from './vscode/commands';
import { ConflictUi } from './vscode/conflicts';
import { DisposableStore } from './vscode/disposable';
import { History } from './vscode/history';
import { Instances } from './vscode/instances';
import { createLog } from './vscode/log';
import { applyPasteLanguages, PASTE_SCHEME, PasteFileSystem } from './vscode/pasteFs';
import { Sharing } from './vscode/share';
import { PastesTree } from './vscode/tree';

export function activate(context: vscode.ExtensionContext): void {
  const store = new DisposableStore();
  context.subscriptions.push(store);

  const log = store.register(createLog());
  const version = (context.extension.packageJSON as { version?: string }).version ?? '?';
  log.info(`PasteDeck ${version} activated (VS Code ${vscode.version})`);

  const accounts = store.register(new Accounts(context.secrets));
  const instances = store.register(new Instances(accounts, log));
  const history = store.register(new History(context.globalState, accounts));
  const sharing = new Sharing(instances, history, log);

  const pasteFs = store.register(new PasteFileSystem(instances, accounts));
  store.register(vscode.workspace.registerFileSystemProvider(PASTE_SCHEME, pasteFs, { isCaseSensitive: true }));
  store.register(applyPasteLanguages(pasteFs));
  store.register(new ConflictUi(pasteFs, instances, log));

  const pastes = store.register(new PastesTree(instances, accounts, history, pasteFs));
  store.register(vscode.window.createTreeView('pastedeck.pastes', { treeDataProvider: pastes, showCollapseAll: true }));

  store.register(registerCommands({ log, instances, accounts, history, sharing, pasteFs, pastes }));
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
