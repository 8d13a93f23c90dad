// Wiring only: create the parts, register them, and let VS Code dispose them.
import * as vscode from 'vscode';
import { registerCommands } from './vscode/commands';
import { DisposableStore } from './vscode/disposable';
import { createLog } from './vscode/log';

export function activate(context: vscode.ExtensionContext): void {
  const store = new DisposableStore();
  context.subscriptions.push(store);

  const log = store.register(createLog());
  const version = (context.extension.packageJSON as { version?: string }).version ?? '?';
  log.info(`PasteDeck ${version} activated (VS Code ${vscode.version})`);

  store.register(registerCommands({ log }));
  store.register(
    vscode.window.registerTreeDataProvider('pastedeck.pastes', {
      getTreeItem: (item: vscode.TreeItem) => item,
      getChildren: () => [],
    }),
  );
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
