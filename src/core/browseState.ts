// What the Pastes view says about an instance (no key / signed in as X /
// unreachable …) and what "Search Pastes" lists, without VS Code, so both are
// unit-tested. The vscode layer turns the kinds into translated labels and icons.
import { PasteError } from './errors';
import type { Paste, WhoAmI } from './model';
import { pasteLabel } from './pasteView';

export type InstanceStateKind = 'noKey' | 'keySet' | 'signedIn' | 'keyRejected' | 'unreachable';

export interface InstanceState {
  readonly kind: InstanceStateKind;
  /** signedIn: the account name (or key type) the service named. */
  readonly user?: string;
  /** Why: the failure that made it unreachable or rejected the key. */
  readonly reason?: string;
}

/** A network failure or a timeout: the instance cannot be reached at all. */
export function isUnreachable(err: unknown): boolean {
  return err instanceof PasteError && (err.kind === 'network' || err.kind === 'timeout');
}

/** What a whoAmI() answer (or failure) says about the instance's key. */
export function whoAmIState(result: { ok: true; who: WhoAmI } | { ok: false; err: unknown }): InstanceState {
  if (result.ok) {
    const user = result.who.user?.trim() || result.who.keyType?.trim();
    return user ? { kind: 'signedIn', user } : { kind: 'keySet' };
  }
  const reason = result.err instanceof Error ? result.err.message : String(result.err);
  if (isUnreachable(result.err)) return { kind: 'unreachable', reason };
  if (result.err instanceof PasteError && result.err.kind === 'auth') return { kind: 'keyRejected', reason };
  // Anything else (a service without a "me" call, a server error) says nothing about the key.
  return { kind: 'keySet' };
}

/**
 * The state shown: a failed listing or check that could not reach the server
 * wins, then "no key", then what the key check found, else "key set".
 */
export function instanceState(hasKey: boolean, checked: InstanceState | undefined, unreachable: string | undefined): InstanceState {
  if (unreachable !== undefined) return { kind: 'unreachable', reason: unreachable };
  if (!hasKey) return { kind: 'noKey' };
  if (checked && checked.kind !== 'noKey') return checked;
  return { kind: 'keySet' };
}

/** Codicon per state. */
export const INSTANCE_STATE_ICON: Readonly<Record<InstanceStateKind, string>> = {
  noKey: 'server',
  keySet: 'server-environment',
  signedIn: 'account',
  keyRejected: 'warning',
  unreachable: 'debug-disconnect',
};

export interface SearchEntry {
  readonly instanceId: string;
  readonly pasteId: string;
  readonly paste: Paste;
  /** Title (or first file name, or id). */
  readonly label: string;
  /** The file names, comma-separated (QuickPick matchOnDescription). */
  readonly description: string;
  /** The instance name and the files' languages (QuickPick matchOnDetail). */
  readonly detail: string;
}

/**
 * One entry per paste (a paste listed in several groups counts once), in the
 * order given. `fuller` may give a better-known version of a paste (read in
 * full: file names and languages the listing lacked).
 */
export function searchEntries(
  loaded: readonly { instanceId: string; paste: Paste }[],
  instanceName: (instanceId: string) => string,
  fuller: (instanceId: string, pasteId: string) => Paste | undefined = () => undefined,
): SearchEntry[] {
  const seen = new Set<string>();
  const out: SearchEntry[] = [];
  for (const { instanceId, paste: listed } of loaded) {
    const k = `${instanceId}\n${listed.id}`;
    if (seen.has(k)) continue;
    seen.add(k);
    const paste = fuller(instanceId, listed.id) ?? listed;
    const languages = [...new Set(paste.files.flatMap((f) => [f.serviceLanguage, f.language]).filter((l): l is string => Boolean(l?.trim())))];
    out.push({
      instanceId,
      pasteId: listed.id,
      paste,
      label: pasteLabel(paste),
      description: paste.files.map((f) => f.name).join(', '),
      detail: [instanceName(instanceId), ...languages].join(' · '),
    });
  }
  return out;
}


export type FileNameProblem = 'empty' | 'dots' | 'exists' | 'unchanged';

/** Why a name cannot be given to a new or renamed file of a paste (undefined: it can). */
export function fileNameProblem(name: string, existing: readonly string[], current?: string): FileNameProblem | undefined {
  const trimmed = name.trim();
  if (!trimmed) return 'empty';
  if (trimmed === '.' || trimmed === '..') return 'dots';
  if (current !== undefined && trimmed === current) return 'unchanged';
  if (existing.includes(trimmed)) return 'exists';
  return undefined;
}
