// The Pastes view: instances, then "My pastes" / "Recent public" / "Created here",
// then pastes (paged, loaded on expand), then their files as pastedeck: documents.
import * as vscode from 'vscode';
import { INSTANCE_STATE_ICON, instanceState, isUnreachable, whoAmIState, type InstanceState } from '../core/browseState';
import type { InstanceConfig } from '../core/instances';
import type { Page, PageRequest, Paste, PasteFile } from '../core/model';
import { fileContextValue, pasteContextValue, pasteIconName, pasteLabel } from '../core/pasteView';
import { SERVICES } from '../providers/registry';
import type { Accounts } from './accounts';
import { CommandIds } from './commandIds';
import type { History, HistoryEntry } from './history';
import type { Instances } from './instances';
import { pasteFileUri, type PasteFileSystem } from './pasteFs';

const t = vscode.l10n.t;

export type GroupKind = 'own' | 'recent' | 'history';

export interface InstanceNode {
  readonly kind: 'instance';
  readonly instanceId: string;
  readonly instance: InstanceConfig;
  readonly hasKey: boolean;
}
export interface GroupNode {
  readonly kind: 'group';
  readonly instanceId: string;
  readonly group: GroupKind;
}
/** A paste; `instanceId` and `pasteId` make it a valid argument of pastedeck.deletePaste. */
export interface PasteNode {
  readonly kind: 'paste';
  readonly instanceId: string;
  readonly pasteId: string;
  readonly group: GroupKind;
  readonly paste: Paste;
  /** A deletion key is stored for it (created here). */
  readonly hasDeletionKey: boolean;
}
export interface FileNode {
  readonly kind: 'file';
  readonly instanceId: string;
  readonly pasteId: string;
  readonly group: GroupKind;
  readonly paste: Paste;
  readonly file: PasteFile;
}
export interface MoreNode {
  readonly kind: 'more';
  readonly instanceId: string;
  readonly group: GroupKind;
}
export interface MessageNode {
  readonly kind: 'message';
  readonly id: string;
  readonly text: string;
  readonly error: boolean;
}
export type PastesTreeNode = InstanceNode | GroupNode | PasteNode | FileNode | MoreNode | MessageNode;

interface GroupState {
  items: Paste[];
  next?: string;
  error?: string;
  loading?: Promise<void>;
}

const groupKey = (instanceId: string, group: GroupKind): string => `${instanceId}\n${group}`;

/** Data for the Pastes view. Nothing is fetched until a node is expanded. */
export class PastesTree implements vscode.TreeDataProvider<PastesTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<PastesTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly groups = new Map<string, GroupState>();
  /** The group node objects last handed to VS Code, so one group can be refreshed. */
  private readonly groupNodes = new Map<string, GroupNode>();
  private readonly subscriptions: vscode.Disposable[];
  /** The instance node objects last handed to VS Code, so one can be redrawn. */
  private readonly instanceNodes = new Map<string, InstanceNode>();
  /** Paste node objects last handed to VS Code, by instance and paste id (redrawn after file changes). */
  private readonly pasteNodes = new Map<string, Set<PasteNode>>();
  /** What whoAmI() said, per instance, until keys or settings change. */
  private readonly checks = new Map<string, InstanceState>();
  private readonly checking = new Set<string>();
  /** Instances whose last listing or check could not reach the server, with the reason. */
  private readonly unreachable = new Map<string, string>();

  constructor(
    private readonly instances: Instances,
    private readonly accounts: Accounts,
    private readonly history: History,
    private readonly pasteFs: PasteFileSystem,
  ) {
    this.subscriptions = [
      instances.onDidChange(() => {
        // Keys or settings changed: what was checked may no longer hold.
        this.checks.clear();
        this.unreachable.clear();
        this.refresh();
      }),
      history.onDidChange(() => {
        for (const [key, node] of this.groupNodes) {
          if (node.group === 'history') this.changed.fire(this.groupNodes.get(key));
        }
      }),
    ];
  }

  /** Forgets the loaded pages (of one instance or group, or all) and redraws. */
  refresh(node?: PastesTreeNode): void {
    if (node && (node.kind === 'instance' || node.kind === 'group')) {
      if (node.kind === 'instance') {
        this.checks.delete(node.instanceId);
        this.unreachable.delete(node.instanceId);
      }
      for (const key of [...this.groups.keys()]) {
        if (node.kind === 'instance' ? key.startsWith(`${node.instanceId}\n`) : key === groupKey(node.instanceId, node.group)) this.groups.delete(key);
      }
      this.pasteFs.documents.forget(node.instanceId);
      this.changed.fire(node.kind === 'group' ? this.groupNodes.get(groupKey(node.instanceId, node.group)) ?? node : node);
      return;
    }
    if (node?.kind === 'paste') {
      this.pasteFs.documents.forget(node.instanceId, node.pasteId);
      this.changed.fire(node);
      return;
    }
    this.groups.clear();
    this.groupNodes.clear();
    this.pasteNodes.clear();
    this.checks.clear();
    this.unreachable.clear();
    this.changed.fire(undefined);
  }

  /** Redraws a node (or the whole tree) without forgetting anything loaded. */
  redraw(node?: PastesTreeNode): void {
    this.changed.fire(node);
  }

  /** Redraws every node of one paste (its files changed: added, renamed or removed). */
  redrawPaste(instanceId: string, pasteId: string): void {
    const nodes = this.pasteNodes.get(`${instanceId}\n${pasteId}`);
    if (!nodes || nodes.size === 0) {
      this.changed.fire(undefined);
      return;
    }
    for (const node of nodes) this.changed.fire(node);
  }

  /** The state an instance node shows (no key, signed in as X, unreachable…). */
  instanceState(instanceId: string, hasKey: boolean): InstanceState {
    return instanceState(hasKey, this.checks.get(instanceId), this.unreachable.get(instanceId));
  }

  /** Fetches the next page of a group ("Load more…"). */
  async loadMore(node: MoreNode | GroupNode): Promise<void> {
    const key = groupKey(node.instanceId, node.group);
    const state = this.groups.get(key);
    if (!state?.next) return;
    await this.fetchPage(node.instanceId, node.group, state.next);
    this.changed.fire(this.groupNodes.get(key));
  }

  /** Every paste loaded so far, then the pastes created here (for searches and pickers). */
  loadedPastes(): { instanceId: string; paste: Paste }[] {
    const out: { instanceId: string; paste: Paste }[] = [];
    for (const [key, state] of this.groups) {
      const instanceId = key.slice(0, key.indexOf('\n'));
      for (const paste of state.items) out.push({ instanceId, paste });
    }
    for (const instance of this.instances.list()) {
      for (const entry of this.history.list(instance.id)) out.push({ instanceId: instance.id, paste: historyPaste(instance, entry) });
    }
    return out;
  }

  async getChildren(node?: PastesTreeNode): Promise<PastesTreeNode[]> {
    if (!node) {
      const nodes = await Promise.all(
        this.instances.list().map(async (instance): Promise<InstanceNode> => ({
          kind: 'instance',
          instanceId: instance.id,
          instance,
          hasKey: await this.accounts.has(instance.id),
        })),
      );
      this.instanceNodes.clear();
      for (const n of nodes) this.instanceNodes.set(n.instanceId, n);
      return nodes;
    }
    switch (node.kind) {
      case 'instance': {
        if (node.hasKey) this.checkKey(node.instanceId);
        const caps = SERVICES[node.instance.service].capabilities;
        const kinds: GroupKind[] = [...(caps.listOwn ? ['own' as const] : []), ...(caps.listRecent ? ['recent' as const] : []), 'history'];
        return kinds.map((group) => {
          const g: GroupNode = { kind: 'group', instanceId: node.instanceId, group };
          this.groupNodes.set(groupKey(node.instanceId, group), g);
          return g;
        });
      }
      case 'group':
        return this.groupChildren(node);
      case 'paste':
        return this.pasteChildren(node);
      default:
        return [];
    }
  }

  getTreeItem(node: PastesTreeNode): vscode.TreeItem {
    switch (node.kind) {
      case 'instance':
        return this.instanceItem(node);
      case 'group': {
        const label = node.group === 'own' ? t('My pastes') : node.group === 'recent' ? t('Recent public') : t('Created here');
        const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `group/${node.instanceId}/${node.group}`;
        item.contextValue = `group;${node.group}`;
        item.iconPath = new vscode.ThemeIcon(node.group === 'own' ? 'account' : node.group === 'recent' ? 'globe' : 'history');
        return item;
      }
      case 'paste':
        return this.pasteItem(node);
      case 'file': {
        const uri = pasteFileUri(node.instanceId, node.pasteId, node.file.name);
        const item = new vscode.TreeItem(uri, vscode.TreeItemCollapsibleState.None);
        item.label = node.file.name;
        item.id = `file/${node.instanceId}/${node.group}/${node.pasteId}/${node.file.name}`;
        item.description = node.file.serviceLanguage ?? node.file.language;
        item.command = { command: 'vscode.open', title: t('Open'), arguments: [uri] };
        item.contextValue = fileContextValue(this.capabilities(node.instanceId), node.file);
        return item;
      }
      case 'more': {
        const item = new vscode.TreeItem(t('Load more…'), vscode.TreeItemCollapsibleState.None);
        item.id = `more/${node.instanceId}/${node.group}`;
        item.contextValue = 'more';
        item.iconPath = new vscode.ThemeIcon('ellipsis');
        item.command = { command: CommandIds.loadMore, title: t('Load more…'), arguments: [node] };
        return item;
      }
      case 'message': {
        const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        item.tooltip = node.text;
        item.contextValue = node.error ? 'error' : 'message';
        item.iconPath = new vscode.ThemeIcon(node.error ? 'error' : 'info', node.error ? new vscode.ThemeColor('errorForeground') : undefined);
        return item;
      }
    }
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.changed.dispose();
  }

  private capabilities(instanceId: string) {
    const instance = this.instances.get(instanceId);
    return instance ? SERVICES[instance.service].capabilities : undefined;
  }

  private instanceItem(node: InstanceNode): vscode.TreeItem {
    const service = SERVICES[node.instance.service];
    const host = safeHost(node.instance.baseUrl);
    const state = this.instanceState(node.instanceId, node.hasKey);
    const item = new vscode.TreeItem(node.instance.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `instance/${node.instanceId}`;
    item.description = `${service.name} · ${host} · ${instanceStateLabel(state)}`;
    item.tooltip = [node.instance.name, `${service.name} · ${node.instance.baseUrl}`, instanceStateTooltip(state, node.instance.name), state.reason]
      .filter((l): l is string => Boolean(l))
      .join('\n');
    item.contextValue = `instance;${node.hasKey ? 'hasKey' : 'noKey'}${state.kind === 'unreachable' ? ';unreachable' : ''}`;
    item.iconPath = new vscode.ThemeIcon(
      INSTANCE_STATE_ICON[state.kind],
      state.kind === 'unreachable' || state.kind === 'keyRejected' ? new vscode.ThemeColor('problemsWarningIcon.foreground') : undefined,
    );
    return item;
  }

  /** Asks the service who the key belongs to, once per instance (until keys or settings change); never awaited by the tree. */
  private checkKey(instanceId: string): void {
    if (this.checks.has(instanceId) || this.checking.has(instanceId)) return;
    const instance = this.instances.get(instanceId);
    if (!instance) return;
    this.checking.add(instanceId);
    void (async () => {
      let state: InstanceState;
      try {
        state = whoAmIState({ ok: true, who: await this.instances.provider(instance).whoAmI() });
      } catch (err) {
        state = whoAmIState({ ok: false, err });
      } finally {
        this.checking.delete(instanceId);
      }
      if (state.kind === 'unreachable') this.unreachable.set(instanceId, state.reason ?? '');
      else {
        this.unreachable.delete(instanceId);
        this.checks.set(instanceId, state);
      }
      this.redrawInstance(instanceId);
    })();
  }

  private redrawInstance(instanceId: string): void {
    const node = this.instanceNodes.get(instanceId);
    // Only a node VS Code was handed can be redrawn; an unknown one means the root changed.
    this.changed.fire(node);
  }

  private pasteItem(node: PasteNode): vscode.TreeItem {
    const { paste } = node;
    const burn = paste.burnAfterRead === true;
    // Until it is read (after asking), a burn-after-read paste has no children to show.
    const unread = burn && !this.pasteFs.documents.cached(node.instanceId, node.pasteId);
    const item = new vscode.TreeItem(pasteLabel(paste), unread ? vscode.TreeItemCollapsibleState.None : vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `paste/${node.instanceId}/${node.group}/${node.pasteId}`;
    item.description = pasteDescription(paste);
    item.tooltip = pasteTooltip(paste);
    item.iconPath = new vscode.ThemeIcon(pasteIconName(paste));
    item.contextValue = pasteContextValue(this.capabilities(node.instanceId), paste, node.hasDeletionKey);
    // Opening a burn-after-read paste destroys it: the command asks first.
    if (unread) item.command = { command: CommandIds.openPaste, title: t('Open'), arguments: [node] };
    return item;
  }

  private async groupChildren(node: GroupNode): Promise<PastesTreeNode[]> {
    const key = groupKey(node.instanceId, node.group);
    this.groupNodes.set(key, node);
    if (node.group === 'history') return this.historyChildren(node);
    const loaded = this.groups.get(key);
    if (!loaded) await this.fetchPage(node.instanceId, node.group, undefined);
    else if (loaded.loading) await loaded.loading;
    const state = this.groups.get(key);
    const children: PastesTreeNode[] = [];
    const hasKey = (id: string) => this.history.list(node.instanceId).some((e) => e.pasteId === id && e.hasDeletionKey);
    for (const paste of state?.items ?? []) {
      children.push(this.notePasteNode({ kind: 'paste', instanceId: node.instanceId, pasteId: paste.id, group: node.group, paste, hasDeletionKey: hasKey(paste.id) }));
    }
    if (state?.error) children.push({ kind: 'message', id: `error/${key}`, text: state.error, error: true });
    if (state?.next) children.push({ kind: 'more', instanceId: node.instanceId, group: node.group });
    else if (children.length === 0) children.push({ kind: 'message', id: `empty/${key}`, text: t('No pastes'), error: false });
    return children;
  }

  private historyChildren(node: GroupNode): PastesTreeNode[] {
    const instance = this.instances.get(node.instanceId);
    const entries = this.history.list(node.instanceId);
    if (!instance || entries.length === 0) return [{ kind: 'message', id: `empty/${node.instanceId}/history`, text: t('No pastes created here'), error: false }];
    return entries.map((e): PasteNode =>
      this.notePasteNode({ kind: 'paste', instanceId: node.instanceId, pasteId: e.pasteId, group: 'history', paste: historyPaste(instance, e), hasDeletionKey: e.hasDeletionKey }),
    );
  }

  private notePasteNode(node: PasteNode): PasteNode {
    const k = `${node.instanceId}\n${node.pasteId}`;
    const nodes = this.pasteNodes.get(k) ?? new Set<PasteNode>();
    // One node per group: the newest object replaces the one handed out before.
    for (const n of nodes) if (n.group === node.group) nodes.delete(n);
    nodes.add(node);
    this.pasteNodes.set(k, nodes);
    return node;
  }

  /** One page into the group's state; a failure becomes the group's error node, never a popup. */
  private fetchPage(instanceId: string, group: 'own' | 'recent' | 'history', cursor: string | undefined): Promise<void> {
    const key = groupKey(instanceId, group);
    const state: GroupState = this.groups.get(key) ?? { items: [] };
    this.groups.set(key, state);
    if (state.loading) return state.loading;
    state.loading = (async () => {
      try {
        const instance = this.instances.get(instanceId);
        if (!instance) throw new Error(t('The instance {0} is no longer configured.', instanceId));
        const provider = this.instances.provider(instance);
        const request: PageRequest = cursor ? { cursor } : {};
        const page: Page<Paste> = group === 'own' ? await provider.listOwn(request) : await provider.listRecent(request);
        for (const paste of page.items) this.pasteFs.noteListed(instanceId, paste);
        state.items.push(...page.items.filter((p) => !state.items.some((q) => q.id === p.id)));
        state.next = page.next;
        state.error = undefined;
        if (this.unreachable.delete(instanceId)) this.redrawInstance(instanceId);
      } catch (err) {
        state.error = err instanceof Error ? err.message : String(err);
        if (isUnreachable(err)) {
          this.unreachable.set(instanceId, state.error);
          this.redrawInstance(instanceId);
        }
      } finally {
        state.loading = undefined;
      }
    })();
    return state.loading;
  }

  private async pasteChildren(node: PasteNode): Promise<PastesTreeNode[]> {
    const { instanceId, pasteId } = node;
    // Listings name the files; pastes from the history are read, as their names may differ on the service.
    let paste = this.pasteFs.documents.cached(instanceId, pasteId) ?? (node.group !== 'history' && node.paste.files.length > 0 ? node.paste : undefined);
    if (!paste) {
      if (node.paste.burnAfterRead) return [{ kind: 'message', id: `burn/${instanceId}/${pasteId}`, text: t('Deleted when read: use Open to read it'), error: false }];
      try {
        await this.pasteFs.documents.readDirectory({ kind: 'paste', instanceId, pasteId });
        paste = this.pasteFs.documents.cached(instanceId, pasteId);
      } catch (err) {
        return [{ kind: 'message', id: `error/${instanceId}/${node.group}/${pasteId}`, text: err instanceof Error ? err.message : String(err), error: true }];
      }
    }
    return (paste?.files ?? []).map((file): FileNode => ({ kind: 'file', instanceId, pasteId, group: node.group, paste: paste!, file }));
  }
}

/** "no key", "signed in as X", "unreachable"…: the state part of an instance's description. */
export function instanceStateLabel(state: InstanceState): string {
  switch (state.kind) {
    case 'noKey':
      return t('no key');
    case 'keySet':
      return t('key set');
    case 'signedIn':
      return t('signed in as {0}', state.user ?? '?');
    case 'keyRejected':
      return t('key refused');
    case 'unreachable':
      return t('unreachable');
  }
}

function instanceStateTooltip(state: InstanceState, name: string): string {
  switch (state.kind) {
    case 'noKey':
      return t('No key is set: only public pastes can be browsed.');
    case 'keySet':
      return t('A key is set.');
    case 'signedIn':
      return t('Signed in as {0}.', state.user ?? '?');
    case 'keyRejected':
      return t('{0} refused the key: set a valid one (PasteDeck: Set API Key).', name);
    case 'unreachable':
      return t('{0} could not be reached: check the network and the base URL, then Refresh.', name);
  }
}

/** What the share history knows of a paste created here. */
function historyPaste(instance: InstanceConfig, e: HistoryEntry): Paste {
  return { service: instance.service, id: e.pasteId, title: e.title, url: e.url, createdAt: e.createdAt, files: e.files.map((name) => ({ name })), complete: false };
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

const VISIBILITY: Record<string, () => string> = {
  public: () => t('public'),
  unlisted: () => t('unlisted'),
  private: () => t('private'),
};

function pasteDescription(paste: Paste): string {
  const parts: string[] = [];
  if (paste.files.length > 1) parts.push(t('{0} files', paste.files.length));
  else if (paste.files.length === 1) parts.push(t('1 file'));
  if (paste.visibility) parts.push(VISIBILITY[paste.visibility]!());
  if (paste.burnAfterRead) parts.push(t('burn after read'));
  if (paste.expiresAt) parts.push(t('expires {0}', relativeTime(paste.expiresAt)));
  const when = paste.updatedAt ?? paste.createdAt;
  if (when) parts.push(relativeTime(when));
  return parts.join(' · ');
}

function pasteTooltip(paste: Paste): string {
  return [
    pasteLabel(paste),
    paste.description,
    paste.url,
    t('Id: {0}', paste.id),
    paste.createdAt ? t('Created: {0}', new Date(paste.createdAt).toLocaleString()) : undefined,
    paste.updatedAt && paste.updatedAt !== paste.createdAt ? t('Changed: {0}', new Date(paste.updatedAt).toLocaleString()) : undefined,
    paste.expiresAt ? t('Expires: {0}', new Date(paste.expiresAt).toLocaleString()) : undefined,
    paste.burnAfterRead ? t('Deleted when it is read: opening it destroys it.') : undefined,
  ]
    .filter((l): l is string => Boolean(l))
    .join('\n');
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 31_536_000],
  ['month', 2_592_000],
  ['week', 604_800],
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
  ['second', 1],
];

/** "3 hours ago", "in 2 days", in VS Code's display language. */
export function relativeTime(iso: string, now = Date.now()): string {
  const then = Date.parse(iso);
  if (!Number.isFinite(then)) return iso;
  const seconds = Math.round((then - now) / 1000);
  const [unit, size] = UNITS.find(([, s]) => Math.abs(seconds) >= s) ?? ['second', 1];
  let format: Intl.RelativeTimeFormat;
  try {
    format = new Intl.RelativeTimeFormat(vscode.env.language, { numeric: 'auto' });
  } catch {
    format = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  }
  return format.format(Math.round(seconds / size), unit);
}
