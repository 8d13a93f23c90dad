import * as vscode from 'vscode';
import { PasteError } from '../core/errors';
import { slug, type InstanceConfig } from '../core/instances';
import { isLoopbackHost } from '../core/http';
import type { Credentials } from '../core/model';
import { SERVICE_KINDS, SERVICES } from '../providers/registry';
import type { Accounts } from './accounts';
import { CommandIds } from './commandIds';
import type { History, HistoryEntry } from './history';
import type { Instances } from './instances';
import type { Log } from './log';
import { showError } from './notify';
import { getSetting, updateGlobalSetting } from './settings';
import { SettingKeys } from './settingKeys';

const t = vscode.l10n.t;

export interface InstanceCommandDeps {
  instances: Instances;
  accounts: Accounts;
  history: History;
  log: Log;
}

/** "PasteDeck: Add Instance": service, name, base URL, a check that the server answers. */
export async function addInstance({ instances, log }: InstanceCommandDeps): Promise<void> {
  const service = await vscode.window.showQuickPick(
    SERVICE_KINDS.map((kind) => ({ label: SERVICES[kind].name, description: SERVICES[kind].selfHosted ? t('self-hosted') : SERVICES[kind].defaultBaseUrl, serviceKind: kind })),
    { placeHolder: t('Which paste service?') },
  );
  if (!service) return;
  const info = SERVICES[service.serviceKind];
  const baseUrl = await vscode.window.showInputBox({
    title: t('Base URL of the {0} API', info.name),
    value: info.defaultBaseUrl ?? 'https://',
    ignoreFocusOut: true,
    validateInput: (v) => {
      try {
        const u = new URL(v);
        if (u.protocol !== 'https:' && u.protocol !== 'http:') return t('Use an https:// or http:// URL.');
        if (u.username || u.password) return t('Do not put credentials in the URL; use "Set API Key".');
        return undefined;
      } catch {
        return t('Enter a URL such as https://paste.example.com');
      }
    },
  });
  if (!baseUrl) return;
  const name = await vscode.window.showInputBox({ title: t('A name for this instance'), value: `${info.name} (${new URL(baseUrl).host})`, ignoreFocusOut: true });
  if (!name) return;
  let allowInsecureHttp = false;
  const url = new URL(baseUrl);
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    const allow = t('Allow Plain HTTP');
    const choice = await vscode.window.showWarningMessage(
      t('{0} uses plain http: keys would travel unencrypted. Allow it for this instance only?', url.host),
      { modal: true },
      allow,
    );
    if (choice !== allow) return;
    allowInsecureHttp = true;
  }
  const raw = getSetting<unknown[]>(SettingKeys.instances, []);
  const existingIds = new Set(instances.list().map((i) => i.id));
  let id = slug(name);
  for (let n = 2; existingIds.has(id); n++) id = `${slug(name)}-${n}`;
  const entry = { id, service: service.serviceKind, name, baseUrl: baseUrl.replace(/\/+$/, ''), ...(allowInsecureHttp ? { allowInsecureHttp } : {}) };
  const probe: InstanceConfig = { ...entry, allowInsecureHttp, baseUrl: entry.baseUrl };
  const reachable = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: t('Checking {0}…', entry.baseUrl), cancellable: false },
    () => checkReachable(instances, probe),
  );
  if (reachable) {
    const keep = t('Add Anyway');
    const choice = await vscode.window.showWarningMessage(t('{0} did not answer as a {1} server: {2}', entry.baseUrl, info.name, reachable), keep);
    if (choice !== keep) return;
  }
  await updateGlobalSetting(SettingKeys.instances, [...(Array.isArray(raw) ? raw : []), entry]);
  log.info(`Added instance ${id} (${info.name} at ${entry.baseUrl}).`);
  const setKey = t('Set API Key');
  const choice = await vscode.window.showInformationMessage(t('Added {0}.', name), setKey);
  if (choice === setKey) await vscode.commands.executeCommand(CommandIds.setApiKey, id);
}

/** Undefined when the server answered like the service; else why not. */
async function checkReachable(instances: Instances, instance: InstanceConfig): Promise<string | undefined> {
  const provider = instances.providerWith(instance, {});
  try {
    if (provider.capabilities.listRecent) await provider.listRecent({ limit: 1 });
    else await provider.get('pastedeck-probe-0');
    return undefined;
  } catch (err) {
    if (err instanceof PasteError && ['notFound', 'auth', 'invalid', 'unsupported'].includes(err.kind)) return undefined;
    return err instanceof Error ? err.message : String(err);
  }
}

/** "PasteDeck: Set API Key": masked input, checked against the service, stored in SecretStorage. */
export async function setApiKey(deps: InstanceCommandDeps, instanceId?: unknown): Promise<void> {
  const { instances, accounts, log } = deps;
  const instance =
    (typeof instanceId === 'string' ? instances.get(instanceId) : undefined) ??
    (await instances.pick({ placeHolder: t('Set the API key of…') }));
  if (!instance) return;
  const info = SERVICES[instance.service];
  let credentials: Credentials;
  if (info.capabilities.auth === 'usernamePassword') {
    const username = await vscode.window.showInputBox({ title: t('{0}: username', instance.name), ignoreFocusOut: true, prompt: info.keyHint });
    if (!username) return;
    const password = await vscode.window.showInputBox({ title: t('{0}: password', instance.name), password: true, ignoreFocusOut: true });
    if (!password) return;
    credentials = { username, password };
  } else {
    const key = await vscode.window.showInputBox({
      title: t('{0}: API key', instance.name),
      prompt: t('Paste {0}. It is kept in VS Code\'s secret storage only.', info.keyHint),
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : t('The key cannot be empty.')),
    });
    if (!key) return;
    credentials = { key: key.trim() };
  }
  const verdict = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: t('Checking the key with {0}…', instance.name), cancellable: true },
    async (_p, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      try {
        const who = await instances.providerWith(instance, credentials).whoAmI({ signal: controller.signal });
        return { ok: true as const, who: who.user ?? who.keyType };
      } catch (err) {
        return { ok: false as const, err };
      }
    },
  );
  if (!verdict.ok) {
    const err = verdict.err;
    if (err instanceof PasteError && err.kind === 'auth') {
      await showError(err, { instance, action: t('{0} refused the key', instance.name) }, log);
      return;
    }
    if (!(err instanceof PasteError && err.kind === 'unsupported')) {
      const store = t('Store Anyway');
      const reason = err instanceof Error ? err.message : String(err);
      const choice = await vscode.window.showWarningMessage(t('The key could not be checked: {0}', reason), store);
      if (choice !== store) return;
    }
  }
  await accounts.set(instance.id, credentials);
  log.info(`Stored credentials for instance ${instance.id}.`);
  void vscode.window.showInformationMessage(
    verdict.ok && verdict.who ? t('Key for {0} saved (signed in as {1}).', instance.name, verdict.who) : t('Key for {0} saved.', instance.name),
  );
}

export async function removeApiKey({ instances, accounts, log }: InstanceCommandDeps, instanceId?: unknown): Promise<void> {
  const instance =
    (typeof instanceId === 'string' ? instances.get(instanceId) : undefined) ??
    (await instances.pick({ placeHolder: t('Remove the API key of…') }));
  if (!instance) return;
  await accounts.remove(instance.id);
  log.info(`Removed credentials for instance ${instance.id}.`);
  void vscode.window.showInformationMessage(t('Key for {0} removed.', instance.name));
}

/** "PasteDeck: Delete Paste": a paste created here (with its deletion key) or given by argument. */
export async function deletePaste(deps: InstanceCommandDeps, arg?: unknown): Promise<void> {
  const { instances, accounts, history, log } = deps;
  let target: { instanceId: string; pasteId: string } | undefined =
    isTarget(arg) ? { instanceId: arg.instanceId, pasteId: arg.pasteId } : undefined;
  if (!target) {
    const entries = history.list();
    if (entries.length === 0) {
      void vscode.window.showInformationMessage(t('No paste created from this machine is remembered.'));
      return;
    }
    const pick = await vscode.window.showQuickPick(
      entries.map((e: HistoryEntry) => ({
        label: e.title ?? e.files.join(', '),
        description: `${instances.get(e.instanceId)?.name ?? e.instanceId} · ${e.pasteId}`,
        detail: `${e.url ?? ''} · ${new Date(e.createdAt).toLocaleString()}`,
        entry: e,
      })),
      { placeHolder: t('Delete which paste?') },
    );
    if (!pick) return;
    target = { instanceId: pick.entry.instanceId, pasteId: pick.entry.pasteId };
  }
  const instance = instances.get(target.instanceId);
  if (!instance) {
    void vscode.window.showErrorMessage(t('The instance {0} is no longer configured.', target.instanceId));
    return;
  }
  const provider = instances.provider(instance);
  const deletionKey = await accounts.getDeletionKey(instance.id, target.pasteId);
  const caps = provider.capabilities;
  if (!caps.deleteWithKey && !(caps.deleteWithDeletionKey && deletionKey)) {
    void vscode.window.showWarningMessage(t('{0} cannot delete this paste: it offers no way to delete without its deletion key.', instance.name));
    return;
  }
  const del = t('Delete');
  const confirm = await vscode.window.showWarningMessage(t('Delete paste {0} on {1}? This cannot be undone.', target.pasteId, instance.name), { modal: true }, del);
  if (confirm !== del) return;
  const { pasteId } = target;
  const run = async (): Promise<void> => {
    try {
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: t('Deleting…') }, () =>
        provider.delete(pasteId, caps.deleteWithDeletionKey && deletionKey ? { deletionKey } : {}),
      );
    } catch (err) {
      if (!(err instanceof PasteError && err.kind === 'notFound')) {
        await showError(err, { instance, action: t('Deleting paste {0} failed', pasteId), retry: run }, log);
        return;
      }
    }
    await history.forget(instance.id, pasteId);
    log.info(`Deleted paste ${pasteId} on ${instance.id}.`);
    void vscode.window.showInformationMessage(t('Deleted paste {0} on {1}.', pasteId, instance.name));
  };
  await run();
}

function isTarget(arg: unknown): arg is { instanceId: string; pasteId: string } {
  return typeof arg === 'object' && arg !== null && typeof (arg as { instanceId?: unknown }).instanceId === 'string' && typeof (arg as { pasteId?: unknown }).pasteId === 'string';
}
