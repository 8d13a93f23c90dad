import * as vscode from 'vscode';
import { parseInstances, pickDefaultInstance, type InstanceConfig } from '../core/instances';
import type { Capabilities, PasteProvider } from '../core/model';
import { SERVICES } from '../providers/registry';
import type { Accounts } from './accounts';
import { CommandIds } from './commandIds';
import type { Log } from './log';
import { getSetting, onDidChangeSettings } from './settings';
import { SettingKeys } from './settingKeys';

export type { InstanceConfig };

export interface InstancePick {
  placeHolder: string;
  /** Only instances whose service can do this are offered; the others are listed as not offered, with why. */
  need?: (caps: Capabilities) => boolean;
  why?: string;
}

/** The configured service instances and one provider per instance. */
export class Instances implements vscode.Disposable {
  private cache = new Map<string, { signature: string; provider: PasteProvider }>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];
  private warned = '';

  constructor(
    private readonly accounts: Accounts,
    private readonly log: Log,
  ) {
    this.subscriptions = [
      onDidChangeSettings([SettingKeys.instances, SettingKeys.defaultInstance, SettingKeys.requestTimeoutSeconds], () => {
        this.cache.clear();
        this.changed.fire();
      }),
      accounts.onDidChange((id) => {
        this.log.info(`Credentials for instance ${id} changed.`);
        this.changed.fire();
      }),
    ];
  }

  list(): InstanceConfig[] {
    const { instances, problems } = parseInstances(getSetting<unknown>(SettingKeys.instances, []), SERVICES);
    const text = problems.join('\n');
    if (text && text !== this.warned) {
      this.warned = text;
      for (const p of problems) this.log.warn(p);
    }
    return instances;
  }

  get(id: string): InstanceConfig | undefined {
    return this.list().find((i) => i.id === id);
  }

  defaultInstance(): InstanceConfig | undefined {
    return pickDefaultInstance(this.list(), getSetting<string>(SettingKeys.defaultInstance, ''));
  }

  provider(instance: InstanceConfig): PasteProvider {
    const timeoutMs = Math.max(1, getSetting<number>(SettingKeys.requestTimeoutSeconds, 30)) * 1000;
    const signature = JSON.stringify([instance, timeoutMs]);
    const cached = this.cache.get(instance.id);
    if (cached?.signature === signature) return cached.provider;
    const provider = this.createProvider(instance, () => this.credentialsFor(instance), timeoutMs);
    this.cache.set(instance.id, { signature, provider });
    return provider;
  }

  /** A provider that uses the given credentials instead of the stored ones (to validate a new key). */
  providerWith(instance: InstanceConfig, credentials: { key?: string; username?: string; password?: string }): PasteProvider {
    return this.createProvider(instance, async () => ({ username: instance.username, ...credentials }), 15_000);
  }

  private createProvider(instance: InstanceConfig, getCredentials: () => Promise<{ key?: string; username?: string; password?: string } | undefined>, timeoutMs: number): PasteProvider {
    return SERVICES[instance.service].create({
      baseUrl: instance.baseUrl,
      webUrl: instance.webUrl,
      allowInsecureHttp: instance.allowInsecureHttp,
      timeoutMs,
      getCredentials,
    });
  }

  private async credentialsFor(instance: InstanceConfig) {
    const stored = await this.accounts.get(instance.id);
    if (!stored && !instance.username) return undefined;
    return { ...stored, username: stored?.username ?? instance.username };
  }

  /** Asks for an instance; returns undefined when the user cancels or none fits. */
  async pick(options: InstancePick): Promise<InstanceConfig | undefined> {
    const all = this.list();
    if (all.length === 0) {
      const add = vscode.l10n.t('Add Instance');
      const choice = await vscode.window.showWarningMessage(vscode.l10n.t('No paste service instance is configured.'), add);
      if (choice === add) await vscode.commands.executeCommand(CommandIds.addInstance);
      return undefined;
    }
    type Item = vscode.QuickPickItem & { instance?: InstanceConfig };
    const items: Item[] = [];
    const unfit: Item[] = [];
    for (const instance of all) {
      const service = SERVICES[instance.service];
      const fits = !options.need || options.need(service.capabilities);
      const hasKey = await this.accounts.has(instance.id);
      const item: Item = {
        label: instance.name,
        description: `${service.name} · ${new URL(instance.baseUrl).host}`,
        detail: fits ? (hasKey ? vscode.l10n.t('Key set') : vscode.l10n.t('No key set')) : options.why,
        instance: fits ? instance : undefined,
      };
      (fits ? items : unfit).push(item);
    }
    if (items.length === 1 && unfit.length === 0) return items[0]!.instance;
    if (unfit.length > 0) {
      items.push({ label: vscode.l10n.t('Not offered'), kind: vscode.QuickPickItemKind.Separator }, ...unfit);
    }
    const picked = await vscode.window.showQuickPick(items, { placeHolder: options.placeHolder, matchOnDescription: true });
    return picked?.instance;
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.changed.dispose();
  }
}
