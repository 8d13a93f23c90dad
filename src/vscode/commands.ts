import * as vscode from 'vscode';
import { CommandIds, type CommandId } from './commandIds';
import type { Log } from './log';

export interface CommandContext {
  readonly log: Log;
}

type Handler = (...args: unknown[]) => unknown;

/** Registers one handler per declared command id (the type makes a missing one a compile error). */
export function registerCommands(ctx: CommandContext): vscode.Disposable {
  const handlers: Record<CommandId, Handler> = {
    [CommandIds.showLog]: () => ctx.log.show(true),
  };
  return vscode.Disposable.from(
    ...Object.entries(handlers).map(([id, handler]) => vscode.commands.registerCommand(id, handler)),
  );
}
