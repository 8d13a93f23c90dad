import * as vscode from 'vscode';
import { PasteError } from '../core/errors';
import type { InstanceConfig } from '../core/instances';
import { CommandIds } from './commandIds';
import type { Log } from './log';

export interface ErrorContext {
  instance?: InstanceConfig;
  /** What was being done, e.g. "Sharing failed". */
  action: string;
  /** Offered as "Retry" for failures that may pass on a second try. */
  retry?: () => Thenable<unknown> | Promise<unknown>;
}

/** What to tell the user to do next, by error kind. */
function advice(err: PasteError, instance?: InstanceConfig): string {
  switch (err.kind) {
    case 'auth':
      return instance ? vscode.l10n.t('Set a valid API key for {0}.', instance.name) : vscode.l10n.t('Set a valid API key.');
    case 'network':
      return vscode.l10n.t('Check the network and the instance base URL.');
    case 'timeout':
      return vscode.l10n.t('The service is slow; try again, or raise pastedeck.requestTimeoutSeconds.');
    case 'rateLimited':
      return err.retryAfterSeconds
        ? vscode.l10n.t('Wait {0} s and try again.', err.retryAfterSeconds)
        : vscode.l10n.t('Wait a moment and try again.');
    case 'tooLarge':
      return vscode.l10n.t('Share less, or split it into several pastes.');
    case 'server':
      return vscode.l10n.t('The service may be down; try again later.');
    default:
      return '';
  }
}

/** Shows a failure with what to do next and the buttons that help; logs it (never with a key). */
export async function showError(err: unknown, ctx: ErrorContext, log: Log): Promise<void> {
  const pasteError = err instanceof PasteError ? err : undefined;
  const detail = pasteError?.message ?? (err instanceof Error ? err.message : String(err));
  log.error(`${ctx.action}: ${detail}${pasteError ? ` [${pasteError.kind}${pasteError.status ? ` ${pasteError.status}` : ''}]` : ''}`);
  if (pasteError?.kind === 'cancelled') return;

  const buttons: string[] = [];
  const setKey = vscode.l10n.t('Set API Key');
  const openSettings = vscode.l10n.t('Open Settings');
  const retry = vscode.l10n.t('Retry');
  const showLog = vscode.l10n.t('Show Log');
  if (pasteError?.kind === 'auth') buttons.push(setKey);
  if (pasteError?.kind === 'invalid' && /plain http|base URL/i.test(detail)) buttons.push(openSettings);
  if (ctx.retry && pasteError && ['network', 'timeout', 'rateLimited', 'server'].includes(pasteError.kind)) buttons.push(retry);
  buttons.push(showLog);

  const text = [`${ctx.action}: ${detail}`, pasteError ? advice(pasteError, ctx.instance) : ''].filter(Boolean).join(' ');
  const choice = await vscode.window.showErrorMessage(text, ...buttons);
  if (choice === setKey) await vscode.commands.executeCommand(CommandIds.setApiKey, ctx.instance?.id);
  else if (choice === openSettings) await vscode.commands.executeCommand('workbench.action.openSettings', 'pastedeck.instances');
  else if (choice === retry) await ctx.retry?.();
  else if (choice === showLog) log.show(true);
}
