import { fake, ui, Uri } from './support/fakeVscode';
import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { PasteError } from '../../src/core/errors';
import type { InstanceConfig } from '../../src/core/instances';
import type { Page, PageRequest, Paste, PasteProvider } from '../../src/core/model';
import { SERVICES } from '../../src/providers/registry';
import type { Accounts } from '../../src/vscode/accounts';
import { ConflictUi } from '../../src/vscode/conflicts';
import type { History, HistoryEntry } from '../../src/vscode/history';
import type { Instances } from '../../src/vscode/instances';
import type { Log } from '../../src/vscode/log';
import { fromPasteUri, PasteFileSystem, pasteFileUri } from '../../src/vscode/pasteFs';
import { PastesTree, type GroupNode, type PastesTreeNode } from '../../src/vscode/tree';

const pasteN = (n: number, extra: Partial<Paste> = {}): Paste => ({
  service: 'pastegg',
  id: `p${n}`,
  title: `Paste ${n}`,
  visibility: 'unlisted',
  createdAt: new Date(Date.now() - 3_600_000).toISOString(),
  url: `https://paste.example/p${n}`,
  files: [{ id: 'f1', name: `file${n}.ts`, rawUrl: `https://paste.example/p${n}/raw` }],
  complete: false,
  ...extra,
});

/** A provider whose listings are pages of 2 out of `total`, and whose gets answer full pastes. */
function listingProvider(total: number, fail?: PasteError) {
  const calls: string[] = [];
  const page = (kind: string, req: PageRequest = {}): Page<Paste> => {
    calls.push(`${kind} ${req.cursor ?? ''}`.trim());
    if (fail) throw fail;
    const start = Number(req.cursor ?? 0);
    const items = Array.from({ length: Math.min(2, total - start) }, (_, i) => pasteN(start + i));
    return { items, next: start + 2 < total ? String(start + 2) : undefined };
  };
  const provider = {
    service: 'pastegg',
    serviceName: 'paste.gg',
    baseUrl: 'http://127.0.0.1:9',
    capabilities: SERVICES.pastegg.capabilities,
    calls,
    listOwn: async (req?: PageRequest) => page('own', req),
    listRecent: async (req?: PageRequest) => page('recent', req),
    get: async (id: string) => {
      calls.push(`get ${id}`);
      return { ...pasteN(Number(id.slice(1))), complete: true, files: [{ id: 'f1', name: 'one.ts', content: 'x' }, { id: 'f2', name: 'two.md', content: 'y' }] };
    },
  };
  return provider as unknown as PasteProvider & { calls: string[] };
}

function setup(options: { total?: number; fail?: PasteError; history?: HistoryEntry[]; instances?: InstanceConfig[] } = {}) {
  const instances: InstanceConfig[] = options.instances ?? [
    { id: 'gg', service: 'pastegg', name: 'paste.gg', baseUrl: 'https://api.paste.gg/v1', allowInsecureHttp: false },
    { id: 'ee', service: 'pasteee', name: 'paste.ee', baseUrl: 'https://api.paste.ee/v1', allowInsecureHttp: false },
  ];
  const provider = listingProvider(options.total ?? 5, options.fail);
  const instancesChanged = new fake.EventEmitter<void>();
  const historyChanged = new fake.EventEmitter<void>();
  const instancesStub = {
    onDidChange: instancesChanged.event,
    list: () => instances,
    get: (id: string) => instances.find((i) => i.id === id),
    provider: () => provider,
  } as unknown as Instances;
  const accounts = { has: async (id: string) => id === 'gg', getDeletionKey: async () => undefined } as unknown as Accounts;
  const history = { onDidChange: historyChanged.event, list: (id?: string) => (options.history ?? []).filter((e) => !id || e.instanceId === id) } as unknown as History;
  const pasteFs = new PasteFileSystem(instancesStub, accounts);
  const tree = new PastesTree(instancesStub, accounts, history, pasteFs);
  const fired: unknown[] = [];
  tree.onDidChangeTreeData((e) => fired.push(e));
  return { tree, provider, pasteFs, fired, instancesChanged, instances: instancesStub };
}

const labelOf = (tree: PastesTree, node: PastesTreeNode) => {
  const item = tree.getTreeItem(node);
  return String(item.label);
};

async function group(tree: PastesTree, instanceIndex: number, kind: GroupNode['group']): Promise<GroupNode> {
  const [root] = [await tree.getChildren()];
  const groups = await tree.getChildren(root[instanceIndex]);
  const g = groups.find((n) => n.kind === 'group' && n.group === kind);
  assert.ok(g, `no ${kind} group`);
  return g as GroupNode;
}

describe('Pastes view', () => {
  test('one node per instance with service, host and key state; nothing is fetched', async () => {
    const { tree, provider } = setup();
    const root = await tree.getChildren();
    assert.deepEqual(root.map((n) => labelOf(tree, n)), ['paste.gg', 'paste.ee']);
    assert.equal(tree.getTreeItem(root[0]!).description, 'paste.gg · api.paste.gg · key set');
    assert.equal(tree.getTreeItem(root[1]!).description, 'paste.ee · api.paste.ee · no key');
    assert.deepEqual(provider.calls, []);
  });

  test('groups follow the capabilities', async () => {
    const { tree, provider } = setup();
    const root = await tree.getChildren();
    assert.deepEqual((await tree.getChildren(root[0])).map((n) => labelOf(tree, n)), ['My pastes', 'Recent public', 'Created here']);
    assert.deepEqual((await tree.getChildren(root[1])).map((n) => labelOf(tree, n)), ['My pastes', 'Created here']);
    assert.deepEqual(provider.calls, []);
  });

  test('pastes load on expand, page by page, with Load more…', async () => {
    const { tree, provider } = setup({ total: 5 });
    const own = await group(tree, 0, 'own');
    let children = await tree.getChildren(own);
    assert.deepEqual(children.map((n) => labelOf(tree, n)), ['Paste 0', 'Paste 1', 'Load more…']);
    const more = children[2]!;
    const moreItem = tree.getTreeItem(more);
    assert.equal(moreItem.command?.command, 'pastedeck.loadMore');
    await tree.loadMore(more as never);
    children = await tree.getChildren(own);
    assert.deepEqual(children.map((n) => labelOf(tree, n)), ['Paste 0', 'Paste 1', 'Paste 2', 'Paste 3', 'Load more…']);
    await tree.loadMore(children.at(-1) as never);
    children = await tree.getChildren(own);
    assert.deepEqual(children.map((n) => labelOf(tree, n)), ['Paste 0', 'Paste 1', 'Paste 2', 'Paste 3', 'Paste 4']);
    assert.deepEqual(provider.calls, ['own', 'own 2', 'own 4']);
  });

  test('a paste shows files, visibility and time; its menu flags follow the capabilities', async () => {
    const { tree } = setup();
    const [first] = await tree.getChildren(await group(tree, 0, 'recent'));
    const item = tree.getTreeItem(first!);
    assert.equal(item.description, '1 file · unlisted · 1 hour ago');
    assert.match(String(item.tooltip), /Paste 0\nhttps:\/\/paste\.example\/p0\nId: p0/);
    assert.equal(item.contextValue, 'paste;canDelete;canAddFile;hasUrl;hasRawLink');
    assert.equal((item.iconPath as { id: string }).id, 'eye-closed');
    assert.equal(item.collapsibleState, fake.TreeItemCollapsibleState.Collapsed);
  });

  test('files of a listed paste open pastedeck: URIs without a fetch', async () => {
    const { tree, provider } = setup();
    const [first] = await tree.getChildren(await group(tree, 0, 'own'));
    const files = await tree.getChildren(first);
    assert.equal(files.length, 1);
    const item = tree.getTreeItem(files[0]!);
    assert.equal(item.label, 'file0.ts');
    assert.equal(item.command?.command, 'vscode.open');
    const uri = item.command?.arguments?.[0] as Uri;
    assert.deepEqual(fromPasteUri(uri as never), { kind: 'file', instanceId: 'gg', pasteId: 'p0', fileName: 'file0.ts' });
    assert.deepEqual(provider.calls, ['own']);
  });

  test('a listing error is one node with the message, and no popup', async () => {
    const { tree } = setup({ fail: new PasteError('auth', 'paste.gg was refused (HTTP 401)') });
    const children = await tree.getChildren(await group(tree, 0, 'own'));
    assert.equal(children.length, 1);
    const item = tree.getTreeItem(children[0]!);
    assert.equal(item.label, 'paste.gg was refused (HTTP 401)');
    assert.equal((item.iconPath as { id: string }).id, 'error');
  });

  test('Created here lists the history; its files are read from the service', async () => {
    const { tree, provider } = setup({
      history: [{ instanceId: 'gg', pasteId: 'p7', title: 'Shared', files: ['a.ts'], createdAt: new Date().toISOString(), hasDeletionKey: true }],
    });
    const children = await tree.getChildren(await group(tree, 0, 'history'));
    assert.deepEqual(children.map((n) => labelOf(tree, n)), ['Shared']);
    const files = await tree.getChildren(children[0]);
    assert.deepEqual(files.map((n) => labelOf(tree, n)), ['one.ts', 'two.md']);
    assert.deepEqual(provider.calls, ['get p7']);
  });

  test('a burn-after-read paste has no children until opened, and opening asks (Open command)', async () => {
    const { tree, pasteFs } = setup();
    const provider = listingProvider(1);
    provider.listOwn = async () => ({ items: [pasteN(9, { burnAfterRead: true })] });
    (tree as unknown as { instances: { provider: () => PasteProvider } }).instances.provider = () => provider;
    const [burn] = await tree.getChildren(await group(tree, 0, 'own'));
    const item = tree.getTreeItem(burn!);
    assert.equal(item.collapsibleState, fake.TreeItemCollapsibleState.None);
    assert.equal(item.command?.command, 'pastedeck.openPaste');
    assert.equal((item.iconPath as { id: string }).id, 'flame');
    assert.equal(pasteFs.isBurnAfterRead(pasteFileUri('gg', 'p9', 'x') as never), true);
    await assert.rejects(pasteFs.readFile(pasteFileUri('gg', 'p9', 'file9.ts')), (e: Error & { code?: string }) => e.code === 'NoPermissions');
  });

  test('an expanded instance with a key asks whoAmI once, without blocking, and shows "signed in as X"', async () => {
    const { tree, provider, fired, instancesChanged } = setup();
    let asked = 0;
    let answer: (who: { user?: string }) => void = () => undefined;
    Object.assign(provider, { whoAmI: () => (asked++, new Promise((resolve) => (answer = resolve))) });
    const root = await tree.getChildren();
    // The groups come back before whoAmI answers.
    await tree.getChildren(root[0]);
    await tree.getChildren(root[0]);
    await tree.getChildren(root[1]);
    assert.equal(asked, 1, 'once per instance, and never without a key');
    assert.equal(tree.getTreeItem(root[0]!).description, 'paste.gg · api.paste.gg · key set');
    answer({ user: 'alice' });
    await new Promise((r) => setTimeout(r, 0));
    assert.equal(fired.at(-1), root[0], 'the instance node is redrawn');
    const item = tree.getTreeItem(root[0]!);
    assert.equal(item.description, 'paste.gg · api.paste.gg · signed in as alice');
    assert.match(String(item.tooltip), /Signed in as alice\./);
    assert.equal((item.iconPath as { id: string }).id, 'account');
    await tree.getChildren(root[0]);
    assert.equal(asked, 1, 'cached');
    instancesChanged.fire();
    assert.equal(tree.getTreeItem(root[0]!).description, 'paste.gg · api.paste.gg · key set', 'forgotten when keys or settings change');
    await tree.getChildren(root[0]);
    assert.equal(asked, 2);
  });

  test('a listing that cannot reach the server marks the instance unreachable; a later success clears it', async () => {
    const { tree, provider } = setup({ fail: new PasteError('network', 'paste.gg could not be reached') });
    const root = await tree.getChildren();
    await tree.getChildren(await group(tree, 0, 'recent'));
    const item = tree.getTreeItem(root[0]!);
    assert.equal(item.description, 'paste.gg · api.paste.gg · unreachable');
    assert.match(String(item.tooltip), /could not be reached/);
    assert.equal((item.iconPath as { id: string }).id, 'debug-disconnect');
    assert.equal(item.contextValue, 'instance;hasKey;unreachable');
    assert.equal(tree.getTreeItem(root[1]!).description, 'paste.ee · api.paste.ee · no key');
    provider.listRecent = async () => ({ items: [pasteN(1)] });
    const recent = await group(tree, 0, 'recent');
    tree.refresh(recent);
    await tree.getChildren(recent);
    assert.equal(tree.getTreeItem(root[0]!).description, 'paste.gg · api.paste.gg · key set');
  });

  test('an auth failure of a listing is not "unreachable"', async () => {
    const { tree } = setup({ fail: new PasteError('auth', 'paste.gg was refused (HTTP 401)') });
    const root = await tree.getChildren();
    await tree.getChildren(await group(tree, 0, 'own'));
    assert.equal(tree.getTreeItem(root[0]!).description, 'paste.gg · api.paste.gg · key set');
  });

  test('loadedPastes: the pastes of expanded groups, then the ones created here', async () => {
    const { tree } = setup({
      total: 1,
      history: [{ instanceId: 'gg', pasteId: 'p7', title: 'Shared', files: ['a.ts'], createdAt: new Date().toISOString(), hasDeletionKey: true }],
    });
    assert.deepEqual(tree.loadedPastes().map((l) => `${l.instanceId}/${l.paste.id}`), ['gg/p7']);
    await tree.getChildren(await group(tree, 0, 'own'));
    const loaded = tree.loadedPastes();
    assert.deepEqual(loaded.map((l) => `${l.instanceId}/${l.paste.id}`), ['gg/p0', 'gg/p7']);
    assert.deepEqual(loaded[1]!.paste.files, [{ name: 'a.ts' }]);
  });

  test('redrawPaste redraws the nodes of that paste in every group', async () => {
    const { tree, fired } = setup();
    const own = await tree.getChildren(await group(tree, 0, 'own'));
    const recent = await tree.getChildren(await group(tree, 0, 'recent'));
    fired.length = 0;
    tree.redrawPaste('gg', 'p0');
    assert.deepEqual(fired, [own[0], recent[0]]);
    fired.length = 0;
    tree.redrawPaste('gg', 'unknown');
    assert.deepEqual(fired, [undefined]);
  });

  test('Refresh forgets loaded pages; an instance change redraws all', async () => {
    const { tree, provider, fired, instancesChanged } = setup();
    const own = await group(tree, 0, 'own');
    await tree.getChildren(own);
    tree.refresh(own);
    await tree.getChildren(own);
    assert.deepEqual(provider.calls, ['own', 'own']);
    instancesChanged.fire();
    assert.equal(fired.at(-1), undefined);
  });
});

describe('pastedeck: file system adapter', () => {
  test('read-only services mark their files read-only; errors are FileSystemErrors', async () => {
    const { pasteFs } = setup({ instances: [{ id: 'ee', service: 'pasteee', name: 'paste.ee', baseUrl: 'https://api.paste.ee/v1', allowInsecureHttp: false }] });
    // The stub provider reports paste.gg capabilities; a paste.ee one is read-only.
    const ro = { ...SERVICES.pasteee.capabilities };
    const provider = listingProvider(1);
    Object.assign(provider, { capabilities: ro });
    (pasteFs.documents as unknown as { host: { provider: () => PasteProvider } }).host.provider = () => provider;
    const stat = await pasteFs.stat(pasteFileUri('ee', 'p1', 'one.ts'));
    assert.equal(stat.type, fake.FileType.File);
    assert.equal(stat.permissions, fake.FilePermission.Readonly);
    await assert.rejects(pasteFs.writeFile(pasteFileUri('ee', 'p1', 'one.ts'), new TextEncoder().encode('z'), { create: false, overwrite: true }), (e: Error & { code?: string }) => e.code === 'NoPermissions');
    await assert.rejects(pasteFs.stat(pasteFileUri('ee', 'p1', 'missing.ts')), (e: Error & { code?: string }) => e.code === 'FileNotFound');
    await assert.rejects(pasteFs.stat(Uri.from({ scheme: 'pastedeck', path: '/ee/p1/%' }) as never), (e: Error & { code?: string }) => e.code === 'FileNotFound');
    assert.throws(() => pasteFs.createDirectory(), (e: Error & { code?: string }) => e.code === 'NoPermissions');
  });

  test('a conflict fires onDidConflict with the file URI', async () => {
    const { pasteFs } = setup();
    const provider = listingProvider(1);
    let remote = 'x';
    provider.get = async () => ({ ...pasteN(1), complete: true, files: [{ id: 'f1', name: 'one.ts', content: remote }] });
    const updates: unknown[] = [];
    provider.update = async (_id, patch) => {
      updates.push(patch);
      remote = (patch.files?.[0] as { content: string }).content;
      return provider.get('p1');
    };
    (pasteFs.documents as unknown as { host: { provider: () => PasteProvider } }).host.provider = () => provider;
    const uri = pasteFileUri('gg', 'p1', 'one.ts');
    assert.equal(new TextDecoder().decode(await pasteFs.readFile(uri)), 'x');
    remote = 'theirs';
    const conflicts: unknown[] = [];
    pasteFs.onDidConflict((u) => conflicts.push(u));
    await assert.rejects(pasteFs.writeFile(uri, new TextEncoder().encode('mine'), { create: false, overwrite: true }), (e: Error & { code?: string }) => e.code === 'Unavailable' && /changed on the server/.test(e.message));
    assert.deepEqual(conflicts.map(String), [String(uri)]);
    assert.equal(await pasteFs.readRemote(uri), 'theirs');
    await assert.rejects(pasteFs.writeFile(uri, new TextEncoder().encode('mine'), { create: false, overwrite: true }), (e: Error & { code?: string }) => e.code === 'Unavailable');
    pasteFs.overwriteNextSave(uri);
    await pasteFs.writeFile(uri, new TextEncoder().encode('mine'), { create: false, overwrite: true });
    assert.deepEqual(updates, [{ files: [{ kind: 'update', id: 'f1', content: 'mine' }] }]);
    assert.equal(remote, 'mine');
  });

  test('a failed save says why and what to do, is reported once, and keeps the base', async () => {
    const { pasteFs } = setup();
    const provider = fileProvider('x');
    provider.update = async () => {
      throw new PasteError('network', 'paste.gg could not be reached');
    };
    (pasteFs.documents as unknown as { host: { provider: () => PasteProvider } }).host.provider = () => provider;
    const uri = pasteFileUri('gg', 'p1', 'one.ts');
    await pasteFs.readFile(uri);
    const failures: { uri: unknown; kind: string; message: string }[] = [];
    pasteFs.onDidFailSave((f) => failures.push(f));
    await assert.rejects(
      pasteFs.writeFile(uri, new TextEncoder().encode('mine'), { create: false, overwrite: true }),
      (e: Error & { code?: string }) => e.code === 'Unavailable' && e.message === 'paste.gg could not be reached Your text is kept: check the network and the instance base URL, then save again.',
    );
    assert.equal(failures.length, 1);
    assert.equal(failures[0]!.kind, 'network');
    assert.equal(String(failures[0]!.uri), String(uri));
    // Reads are not saves: their failures are not reported as such.
    provider.get = async () => {
      throw new PasteError('server', 'boom');
    };
    await assert.rejects(pasteFs.readFile(uri), (e: Error & { code?: string }) => e.code === 'Unavailable' && e.message === 'boom');
    assert.equal(failures.length, 1);
  });

  test('conflict: a warning (not modal) with Compare, Overwrite, Discard; Compare diffs remote ↔ yours and asks again; Overwrite saves', async () => {
    ui.reset();
    const { pasteFs, instances } = setup();
    const provider = fileProvider('x');
    (pasteFs.documents as unknown as { host: { provider: () => PasteProvider } }).host.provider = () => provider;
    const lines: string[] = [];
    const log = { info: (l: string) => lines.push(l), warn: (l: string) => lines.push(l), error: (l: string) => lines.push(l) } as unknown as Log;
    const conflicts = new ConflictUi(pasteFs, instances, log);
    const uri = pasteFileUri('gg', 'p1', 'one.ts');
    await pasteFs.readFile(uri);
    provider.remote = 'theirs';
    let saves = 0;
    ui.textDocuments.push({ uri: uri as never, save: async () => (saves++, await pasteFs.writeFile(uri, new TextEncoder().encode('mine'), { create: false, overwrite: true }), true) });
    const shown: unknown[][] = [];
    const answers = ['Compare', 'Overwrite'];
    let done: () => void = () => undefined;
    const finished = new Promise<void>((r) => (done = r));
    let remoteShown: unknown;
    ui.window.showWarningMessage = async (...args: unknown[]) => {
      shown.push(args);
      const diffed = ui.commands.find((c) => c[0] === 'vscode.diff');
      // What the left side of Compare shows, read while the choice is asked again.
      if (diffed && remoteShown === undefined) remoteShown = await ui.contentProviders.get('pastedeck-remote')!.provideTextDocumentContent(diffed[1] as Uri);
      const answer = answers.shift();
      if (answers.length === 0) setTimeout(() => setTimeout(done, 0), 0);
      return answer;
    };
    await assert.rejects(pasteFs.writeFile(uri, new TextEncoder().encode('mine'), { create: false, overwrite: true }), (e: Error & { code?: string }) => e.code === 'Unavailable' && /Compare, Overwrite or Discard/.test(e.message));
    await finished;
    await new Promise((r) => setTimeout(r, 5));
    assert.deepEqual(shown[0], ['one.ts changed on paste.gg since you opened it. Your text is kept.', 'Compare', 'Overwrite', 'Discard']);
    assert.equal(shown.length, 2, 'asked again after Compare');
    const diff = ui.commands.find((c) => c[0] === 'vscode.diff')!;
    assert.equal(String(diff[1]), 'pastedeck-remote:/gg/p1/one.ts');
    assert.equal(String(diff[2]), String(uri));
    assert.equal(diff[3], 'one.ts (remote ↔ yours)');
    assert.equal(remoteShown, 'theirs');
    assert.equal(saves, 1);
    assert.equal(provider.remote, 'mine', 'Overwrite wrote the editor text');
    assert.ok(lines.some((l) => /Overwrite/.test(l)));
    assert.ok(lines.some((l) => /Saving \/gg\/p1\/one\.ts failed \[conflict\]/.test(l)));
    conflicts.dispose();
  });

  test('conflict: Discard shows the document and reverts it; dismissing writes nothing', async () => {
    ui.reset();
    const { pasteFs, instances } = setup();
    const provider = fileProvider('x');
    (pasteFs.documents as unknown as { host: { provider: () => PasteProvider } }).host.provider = () => provider;
    const log = { info: () => undefined, warn: () => undefined, error: () => undefined } as unknown as Log;
    const conflicts = new ConflictUi(pasteFs, instances, log);
    const uri = pasteFileUri('gg', 'p1', 'one.ts');
    await pasteFs.readFile(uri);
    provider.remote = 'theirs';
    const doc = { uri: uri as never, save: async () => assert.fail('nothing is saved on Discard') };
    ui.textDocuments.push(doc);
    const shownDocs: unknown[] = [];
    ui.window.showTextDocument = async (d: unknown) => shownDocs.push(d);
    ui.window.showWarningMessage = async () => 'Discard';
    await conflicts.resolve(uri as never);
    assert.deepEqual(shownDocs, [doc]);
    assert.deepEqual(ui.commands.map((c) => c[0]), ['workbench.action.files.revert']);
    ui.commands.length = 0;
    ui.window.showWarningMessage = async () => undefined;
    await conflicts.resolve(uri as never);
    assert.deepEqual(ui.commands, []);
    assert.equal(provider.updates, 0);
    conflicts.dispose();
  });
});

/** One paste p1 with one file one.ts whose server text is `remote`; updates set it. */
function fileProvider(initial: string) {
  const provider = listingProvider(1) as PasteProvider & { calls: string[]; remote: string; updates: number };
  provider.remote = initial;
  provider.updates = 0;
  provider.get = async () => ({ ...pasteN(1), complete: true, files: [{ id: 'f1', name: 'one.ts', content: provider.remote }] });
  provider.update = async (_id, patch) => {
    provider.updates++;
    provider.remote = (patch.files?.[0] as { content: string }).content;
    return provider.get('p1');
  };
  return provider;
}
