import * as vscode from 'vscode';
import type { Accounts } from './accounts';

export interface HistoryEntry {
  instanceId: string;
  pasteId: string;
  url?: string;
  title?: string;
  files: string[];
  /** ISO 8601. */
  createdAt: string;
  /** A deletion key or deactivation token is kept in SecretStorage for this paste. */
  hasDeletionKey: boolean;
}

const STATE_KEY = 'history.v1';
const MAX_ENTRIES = 500;

/** Pastes created from this machine; their deletion keys live in SecretStorage. */
export class History implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly state: vscode.Memento,
    private readonly accounts: Accounts,
  ) {}

  list(instanceId?: string): HistoryEntry[] {
    const all = this.state.get<HistoryEntry[]>(STATE_KEY, []);
    return instanceId ? all.filter((e) => e.instanceId === instanceId) : all;
  }

  async add(entry: Omit<HistoryEntry, 'hasDeletionKey'>, deletionKey: string | undefined): Promise<void> {
    if (deletionKey) await this.accounts.setDeletionKey(entry.instanceId, entry.pasteId, deletionKey);
    const rest = this.list().filter((e) => !(e.instanceId === entry.instanceId && e.pasteId === entry.pasteId));
    await this.state.update(STATE_KEY, [{ ...entry, hasDeletionKey: Boolean(deletionKey) }, ...rest].slice(0, MAX_ENTRIES));
    this.changed.fire();
  }

  /** Forgets the paste and its deletion key. */
  async forget(instanceId: string, pasteId: string): Promise<void> {
    await this.accounts.removeDeletionKey(instanceId, pasteId);
    await this.state.update(
      STATE_KEY,
      this.list().filter((e) => !(e.instanceId === instanceId && e.pasteId === pasteId)),
    );
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}
