import * as vscode from 'vscode';
import type { Accounts } from './accounts';
import { CommandIds, type CommandId } from './commandIds';
import type { History } from './history';
import { addInstance, deletePaste, removeApiKey, setApiKey } from './instanceCommands';
import type { Instances } from './instances';
import type { Log } from './log';
import type { Sharing } from './share';

export interface CommandContext {
  readonly log: Log;
  readonly instances: Instances;
  readonly accounts: Accounts;
  readonly history: History;
  readonly sharing: Sharing;
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
    [CommandIds.deletePaste]: (target) => deletePaste(ctx, target),
  };
  return vscode.Disposable.from(
    ...Object.entries(handlers).map(([id, handler]) => vscode.commands.registerCommand(id, handler)),
  );
}
