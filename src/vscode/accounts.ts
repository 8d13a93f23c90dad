import * as vscode from 'vscode';
import type { Credentials } from '../core/model';

const CREDENTIALS = 'credentials/';
const DELETION_KEY = 'deletionKey/';

/**
 * Credentials and deletion keys, in SecretStorage only. Nothing here is ever
 * logged or put in settings, URIs or messages.
 */
export class Accounts implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<string>();
  /** Fires with the instance id whose credentials changed (also from another window). */
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscription = secrets.onDidChange((e) => {
      if (e.key.startsWith(CREDENTIALS)) this.changed.fire(e.key.slice(CREDENTIALS.length));
    });
  }

  async get(instanceId: string): Promise<Credentials | undefined> {
    const raw = await this.secrets.get(CREDENTIALS + instanceId);
    if (!raw) return undefined;
    try {
      const parsed = JSON.parse(raw) as Credentials;
      return typeof parsed === 'object' && parsed !== null ? parsed : undefined;
    } catch {
      return undefined;
    }
  }

  async has(instanceId: string): Promise<boolean> {
    const c = await this.get(instanceId);
    return Boolean(c?.key || c?.password);
  }

  async set(instanceId: string, credentials: Credentials): Promise<void> {
    await this.secrets.store(CREDENTIALS + instanceId, JSON.stringify(credentials));
  }

  async remove(instanceId: string): Promise<void> {
    await this.secrets.delete(CREDENTIALS + instanceId);
  }

  getDeletionKey(instanceId: string, pasteId: string): Thenable<string | undefined> {
    return this.secrets.get(`${DELETION_KEY}${instanceId}/${pasteId}`);
  }

  async setDeletionKey(instanceId: string, pasteId: string, key: string): Promise<void> {
    await this.secrets.store(`${DELETION_KEY}${instanceId}/${pasteId}`, key);
  }

  async removeDeletionKey(instanceId: string, pasteId: string): Promise<void> {
    await this.secrets.delete(`${DELETION_KEY}${instanceId}/${pasteId}`);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
