import * as vscode from 'vscode';

/** The one log channel every part of PasteDeck writes through. */
export type Log = vscode.LogOutputChannel;

export function createLog(): Log {
  return vscode.window.createOutputChannel('PasteDeck', { log: true });
}
