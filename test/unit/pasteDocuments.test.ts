import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { PasteError, type PasteErrorKind } from '../../src/core/errors';
import type { Capabilities, FileChange, Paste, PastePatch, PasteProvider } from '../../src/core/model';
import {
  ChangeBatcher,
  DocumentError,
  FS_ERROR_FOR_KIND,
  PasteDocuments,
  toDocumentError,
  type DocumentChange,
  type FsErrorCode,
} from '../../src/core/pasteDocuments';
import type { PasteLocation } from '../../src/core/pasteUri';

const ALL: Capabilities = {
  multiFile: true,
  createAnonymous: true,
  createWithKey: true,
  get: true,
  listOwn: true,
  listRecent: true,
  updateContent: true,
  updateMetadata: true,
  addFile: true,
  renameFile: true,
  removeFile: true,
  deleteWithKey: true,
  deleteWithDeletionKey: true,
  visibilities: ['public', 'unlisted', 'private'],
  expiries: ['never'],
  burnAfterRead: true,
  title: true,
  description: true,
  auth: 'apiKey',
};

type Call = { op: 'get' | 'update' | 'delete'; id: string; patch?: PastePatch; deletionKey?: string };

/** An in-memory paste service implementing the provider interface. */
class FakeProvider implements PasteProvider {
  readonly service = 'pastegg' as const;
  readonly serviceName = 'Fake';
  readonly baseUrl = 'http://127.0.0.1:1';
  readonly pastes = new Map<string, Paste>();
  readonly calls: Call[] = [];
  failNext?: PasteErrorKind;
  /** Answer updates without file contents, as some services do. */
  bareUpdates = false;
  private clock = Date.parse('2026-01-01T00:00:00Z');

  constructor(readonly capabilities: Capabilities = ALL) {}

  put(paste: Omit<Paste, 'service' | 'complete'>): void {
    this.pastes.set(paste.id, { service: 'pastegg', complete: true, ...structuredClone(paste) });
  }
  /** Someone else edits the paste. */
  edit(id: string, fileName: string, content: string): void {
    const file = this.pastes.get(id)!.files.find((f) => f.name === fileName)!;
    file.content = content;
    this.pastes.get(id)!.updatedAt = new Date((this.clock += 1000)).toISOString();
  }
  private fail(): void {
    const kind = this.failNext;
    this.failNext = undefined;
    if (kind) throw new PasteError(kind, `fake ${kind}`);
  }
  count(op: Call['op']): number {
    return this.calls.filter((c) => c.op === op).length;
  }

  async get(id: string): Promise<Paste> {
    this.calls.push({ op: 'get', id });
    this.fail();
    const paste = this.pastes.get(id);
    if (!paste) throw new PasteError('notFound', 'Fake does not have that paste');
    if (paste.burnAfterRead) this.pastes.delete(id);
    return structuredClone(paste);
  }
  async update(id: string, patch: PastePatch): Promise<Paste> {
    this.calls.push({ op: 'update', id, patch: structuredClone(patch) });
    this.fail();
    const paste = this.pastes.get(id);
    if (!paste) throw new PasteError('notFound', 'Fake does not have that paste');
    for (const change of patch.files ?? []) this.apply(paste, change);
    paste.updatedAt = new Date((this.clock += 1000)).toISOString();
    const answer = structuredClone(paste);
    if (this.bareUpdates) for (const f of answer.files) delete f.content;
    return answer;
  }
  private apply(paste: Paste, change: FileChange): void {
    if (change.kind === 'add') {
      paste.files.push({ id: `f${paste.files.length + 1}`, name: change.name, content: change.content });
      return;
    }
    const target = change.id === undefined ? (paste.files.length === 1 ? paste.files[0] : undefined) : paste.files.find((f) => f.id === change.id);
    if (!target) throw new PasteError('invalid', 'no such file');
    if (change.kind === 'remove') {
      paste.files.splice(paste.files.indexOf(target), 1);
      return;
    }
    if (change.content !== undefined) target.content = change.content;
    if (change.name !== undefined) target.name = change.name;
  }
  async delete(id: string, options: { deletionKey?: string } = {}): Promise<void> {
    this.calls.push({ op: 'delete', id, deletionKey: options.deletionKey });
    this.fail();
    if (!this.pastes.delete(id)) throw new PasteError('notFound', 'gone');
  }
  create(): Promise<Paste> {
    throw new Error('not used');
  }
  listOwn(): Promise<never> {
    throw new Error('not used');
  }
  listRecent(): Promise<never> {
    throw new Error('not used');
  }
  whoAmI(): Promise<never> {
    throw new Error('not used');
  }
  idFromUrl(): string | undefined {
    return undefined;
  }
}

function setup(caps: Capabilities = ALL, deletionKeys: Record<string, string> = {}) {
  const provider = new FakeProvider(caps);
  provider.put({
    id: 'p1',
    title: 'Two files',
    createdAt: '2025-12-01T10:00:00Z',
    updatedAt: '2025-12-02T10:00:00Z',
    files: [
      { id: 'f1', name: 'a.ts', content: 'const a = 1;\n' },
      { id: 'f2', name: 'src/b.md', content: '# b\n' },
    ],
  });
  const changes: DocumentChange[][] = [];
  const docs = new PasteDocuments(
    {
      instanceIds: () => ['fake'],
      provider: (id) => (id === 'fake' ? provider : undefined),
      deletionKey: async (_i, pasteId) => deletionKeys[pasteId],
    },
    (c) => changes.push(c),
    1,
  );
  return { provider, docs, changes };
}

const file = (fileName: string, pasteId = 'p1'): PasteLocation => ({ kind: 'file', instanceId: 'fake', pasteId, fileName });
const paste = (pasteId = 'p1'): PasteLocation => ({ kind: 'paste', instanceId: 'fake', pasteId });
const W = { create: false, overwrite: true };

async function rejectsWith(p: Promise<unknown>, code: FsErrorCode, message?: RegExp): Promise<DocumentError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof DocumentError, `expected a DocumentError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    if (message) assert.match(err.message, message);
    return err;
  }
  assert.fail(`expected ${code}`);
}

describe('PasteDocuments: reading', () => {
  test('root lists instances, a paste lists its files, an instance lists pastes read so far', async () => {
    const { docs } = setup();
    assert.deepEqual(await docs.readDirectory({ kind: 'root' }), [['fake', 'directory']]);
    assert.deepEqual(await docs.readDirectory({ kind: 'instance', instanceId: 'fake' }), []);
    assert.deepEqual(await docs.readDirectory(paste()), [['a.ts', 'file'], ['src/b.md', 'file']]);
    assert.deepEqual(await docs.readDirectory({ kind: 'instance', instanceId: 'fake' }), [['p1', 'directory']]);
  });

  test('readFile fetches the paste in full; concurrent reads share one request', async () => {
    const { docs, provider } = setup();
    const [a, b] = await Promise.all([docs.readFile(file('a.ts')), docs.readFile(file('src/b.md'))]);
    assert.equal(a, 'const a = 1;\n');
    assert.equal(b, '# b\n');
    assert.equal(provider.count('get'), 1);
  });

  test('stat: files with size, times and read-only where the service cannot edit', async () => {
    const { docs } = setup({ ...ALL, updateContent: false, addFile: false, renameFile: false, removeFile: false });
    const s = await docs.stat(file('a.ts'));
    assert.equal(s.type, 'file');
    assert.equal(s.size, 13);
    assert.equal(s.mtime, Date.parse('2025-12-02T10:00:00Z'));
    assert.equal(s.ctime, Date.parse('2025-12-01T10:00:00Z'));
    assert.equal(s.readonly, true);
    const d = await docs.stat(paste());
    assert.equal(d.type, 'directory');
    assert.equal(d.readonly, true);
  });

  test('stat of an editable file is not read-only and uses memory after the first read', async () => {
    const { docs, provider } = setup();
    assert.equal((await docs.stat(file('a.ts'))).readonly, false);
    await docs.stat(file('src/b.md'));
    await docs.stat(paste());
    assert.equal(provider.count('get'), 1);
  });

  test('missing paste, file or instance is FileNotFound; folders and files are not confused', async () => {
    const { docs } = setup();
    await rejectsWith(docs.readFile(file('a.ts', 'nope')), 'FileNotFound', /fake notFound|does not have/);
    await rejectsWith(docs.readFile(file('missing.txt')), 'FileNotFound');
    await rejectsWith(docs.stat({ kind: 'instance', instanceId: 'other' }), 'FileNotFound');
    await rejectsWith(docs.readFile(paste()), 'FileIsADirectory');
    await rejectsWith(docs.readDirectory(file('a.ts')), 'FileNotADirectory');
    await rejectsWith(docs.readDirectory(file('.vscode')), 'FileNotFound');
  });

  test('service failures map to file system errors', async () => {
    const { docs, provider } = setup();
    for (const [kind, code] of [['auth', 'NoPermissions'], ['network', 'Unavailable'], ['timeout', 'Unavailable'], ['server', 'Unavailable'], ['rateLimited', 'Unavailable'], ['unsupported', 'NoPermissions']] as const) {
      provider.failNext = kind;
      await rejectsWith(docs.readFile(file('a.ts')), code, new RegExp(`fake ${kind}`));
    }
  });

  test('a burn-after-read paste is not read unless allowed, then read once and kept in memory', async () => {
    const { docs, provider } = setup();
    provider.put({ id: 'burn', burnAfterRead: true, files: [{ name: 'secret.txt', content: 'once' }] });
    docs.noteListed('fake', { service: 'pastegg', id: 'burn', burnAfterRead: true, files: [], complete: false });
    await rejectsWith(docs.readFile(file('secret.txt', 'burn')), 'NoPermissions', /read once/);
    const dir = await docs.stat(paste('burn'));
    assert.equal(dir.type, 'directory');
    assert.equal(provider.count('get'), 0);
    docs.allowBurn('fake', 'burn');
    assert.equal(await docs.readFile(file('secret.txt', 'burn')), 'once');
    assert.equal(await docs.readFile(file('secret.txt', 'burn')), 'once');
    assert.equal(provider.count('get'), 1);
  });
});

describe('PasteDocuments: saving', () => {
  test('a save sends one update with only the changed file, by id, after checking the remote', async () => {
    const { docs, provider, changes } = setup();
    await docs.readFile(file('a.ts'));
    await docs.writeFile(file('a.ts'), 'const a = 2;\n', W);
    const updates = provider.calls.filter((c) => c.op === 'update');
    assert.equal(updates.length, 1);
    assert.deepEqual(updates[0]!.patch, { files: [{ kind: 'update', id: 'f1', content: 'const a = 2;\n' }] });
    assert.equal(provider.pastes.get('p1')!.files[0]!.content, 'const a = 2;\n');
    assert.equal(provider.pastes.get('p1')!.files[1]!.content, '# b\n');
    docs.flushChanges();
    assert.deepEqual(changes, [[{ type: 'changed', location: file('a.ts') }]]);
  });

  test('a save with the content as read sends nothing, also after a save', async () => {
    const { docs, provider } = setup();
    await docs.readFile(file('a.ts'));
    const before = provider.calls.length;
    await docs.writeFile(file('a.ts'), 'const a = 1;\n', W);
    assert.equal(provider.calls.length, before);
    await docs.writeFile(file('a.ts'), 'x', W);
    const after = provider.calls.length;
    await docs.writeFile(file('a.ts'), 'x', W);
    assert.equal(provider.calls.length, after);
  });

  test('a single-file service gets the change without a file id', async () => {
    const { docs, provider } = setup({ ...ALL, multiFile: false });
    provider.put({ id: 'one', files: [{ name: 'note.txt', content: 'old' }] });
    await docs.readFile(file('note.txt', 'one'));
    await docs.writeFile(file('note.txt', 'one'), 'new', W);
    assert.deepEqual(provider.calls.at(-1)!.patch, { files: [{ kind: 'update', content: 'new' }] });
  });

  test('an answer without contents keeps what was read and what was written', async () => {
    const { docs, provider } = setup();
    provider.bareUpdates = true;
    await docs.readFile(file('a.ts'));
    await docs.writeFile(file('a.ts'), 'v2', W);
    const gets = provider.count('get');
    assert.equal(await docs.readFile(file('a.ts')), 'v2');
    provider.edit('p1', 'a.ts', 'v2');
    // The next save compares with 'v2' as the base: no conflict.
    await docs.writeFile(file('a.ts'), 'v3', W);
    assert.ok(provider.count('get') > gets);
    assert.equal(provider.pastes.get('p1')!.files[0]!.content, 'v3');
  });

  test('a change on the server is a conflict: nothing is sent and the other change is kept', async () => {
    const { docs, provider } = setup();
    await docs.readFile(file('a.ts'));
    provider.edit('p1', 'a.ts', 'theirs');
    const err = await rejectsWith(docs.writeFile(file('a.ts'), 'mine', W), 'Unavailable', /changed on the server/);
    assert.equal(err.conflict, true);
    assert.equal(provider.count('update'), 0);
    assert.equal(provider.pastes.get('p1')!.files[0]!.content, 'theirs');
  });

  test('saving again after a conflict is still refused (the check does not move the base)', async () => {
    const { docs, provider } = setup();
    await docs.readFile(file('a.ts'));
    provider.edit('p1', 'a.ts', 'theirs');
    await rejectsWith(docs.writeFile(file('a.ts'), 'mine', W), 'Unavailable', /changed on the server/);
    await rejectsWith(docs.writeFile(file('a.ts'), 'mine', W), 'Unavailable', /changed on the server/);
    assert.equal(provider.count('update'), 0);
    assert.equal(provider.pastes.get('p1')!.files[0]!.content, 'theirs');
  });

  test('stat keeps its mtime across reads that find new content, and moves it on after a save', async () => {
    const { docs, provider } = setup();
    const first = (await docs.stat(file('a.ts'))).mtime;
    provider.edit('p1', 'a.ts', 'theirs');
    assert.equal(await docs.readFile(file('a.ts')), 'theirs');
    assert.equal((await docs.stat(file('a.ts'))).mtime, first);
    await docs.writeFile(file('a.ts'), 'mine', W);
    assert.ok((await docs.stat(file('a.ts'))).mtime > first);
  });

  test('what the editor was read from stays the base when the folder is read again or the cache is forgotten', async () => {
    for (const refetch of ['folder', 'forget', 'remote'] as const) {
      const { docs, provider } = setup();
      await docs.readFile(file('a.ts'));
      provider.edit('p1', 'a.ts', 'theirs');
      if (refetch === 'folder') await docs.readDirectory(paste());
      else if (refetch === 'forget') docs.forget('fake', 'p1');
      else assert.equal(await docs.readRemote(file('a.ts')), 'theirs');
      await rejectsWith(docs.writeFile(file('a.ts'), 'mine', W), 'Unavailable', /changed on the server/);
      assert.equal(provider.pastes.get('p1')!.files[0]!.content, 'theirs', refetch);
    }
  });

  test('reading the file again (Revert) makes the new content the base', async () => {
    const { docs, provider } = setup();
    await docs.readFile(file('a.ts'));
    provider.edit('p1', 'a.ts', 'theirs');
    assert.equal(await docs.readFile(file('a.ts')), 'theirs');
    await docs.writeFile(file('a.ts'), 'mine on top', W);
    assert.equal(provider.pastes.get('p1')!.files[0]!.content, 'mine on top');
  });

  test('forget keeps the stat time and a burn-after-read paste', async () => {
    const { docs, provider } = setup();
    const before = (await docs.stat(file('a.ts'))).mtime;
    provider.edit('p1', 'a.ts', 'theirs');
    docs.forget('fake');
    assert.equal((await docs.stat(file('a.ts'))).mtime, before);
    provider.put({ id: 'burn', burnAfterRead: true, files: [{ name: 's.txt', content: 'once' }] });
    docs.noteListed('fake', { service: 'pastegg', id: 'burn', burnAfterRead: true, files: [], complete: false });
    docs.allowBurn('fake', 'burn');
    assert.equal(await docs.readFile(file('s.txt', 'burn')), 'once');
    docs.forget('fake');
    assert.equal(await docs.readFile(file('s.txt', 'burn')), 'once');
    await rejectsWith(docs.readRemote(file('s.txt', 'burn')), 'NoPermissions');
  });

  test('a change to another file of the paste is not a conflict', async () => {
    const { docs, provider } = setup();
    await docs.readFile(file('a.ts'));
    provider.edit('p1', 'src/b.md', 'other');
    await docs.writeFile(file('a.ts'), 'mine', W);
    assert.equal(provider.pastes.get('p1')!.files[0]!.content, 'mine');
    assert.equal(provider.pastes.get('p1')!.files[1]!.content, 'other');
  });

  test('overwriteNextSave skips the check once', async () => {
    const { docs, provider } = setup();
    await docs.readFile(file('a.ts'));
    provider.edit('p1', 'a.ts', 'theirs');
    docs.overwriteNextSave('fake', 'p1', 'a.ts');
    const gets = provider.count('get');
    await docs.writeFile(file('a.ts'), 'mine', W);
    assert.equal(provider.count('get'), gets);
    assert.equal(provider.pastes.get('p1')!.files[0]!.content, 'mine');
    provider.edit('p1', 'a.ts', 'theirs again');
    await rejectsWith(docs.writeFile(file('a.ts'), 'mine again', W), 'Unavailable', /changed on the server/);
  });

  test('a file removed on the server is a conflict too', async () => {
    const { docs, provider } = setup();
    await docs.readFile(file('a.ts'));
    provider.pastes.get('p1')!.files.shift();
    const err = await rejectsWith(docs.writeFile(file('a.ts'), 'mine', W), 'Unavailable', /removed on the server/);
    assert.equal(err.conflict, true);
  });

  test('a read-only service refuses the save without a request', async () => {
    const { docs, provider } = setup({ ...ALL, updateContent: false });
    await docs.readFile(file('a.ts'));
    const before = provider.calls.length;
    await rejectsWith(docs.writeFile(file('a.ts'), 'x', W), 'NoPermissions', /cannot edit/);
    assert.equal(provider.calls.length, before);
  });

  test('a failing save is an error of the right kind and keeps the base', async () => {
    const { docs, provider } = setup();
    await docs.readFile(file('a.ts'));
    provider.failNext = undefined;
    const realUpdate = provider.update.bind(provider);
    provider.update = async (id, patch) => {
      provider.failNext = 'server';
      return realUpdate(id, patch);
    };
    await rejectsWith(docs.writeFile(file('a.ts'), 'mine', W), 'Unavailable', /fake server/);
    provider.update = realUpdate;
    await docs.writeFile(file('a.ts'), 'mine', W);
    assert.equal(provider.pastes.get('p1')!.files[0]!.content, 'mine');
  });

  test('a new file is added where the service can, else refused', async () => {
    const { docs, provider } = setup();
    await docs.readDirectory(paste());
    await docs.writeFile(file('c.txt'), 'new', { create: true, overwrite: false });
    assert.deepEqual(provider.calls.at(-1)!.patch, { files: [{ kind: 'add', name: 'c.txt', content: 'new' }] });
    await rejectsWith(docs.writeFile(file('d.txt'), 'x', { create: false, overwrite: false }), 'FileNotFound');
    await rejectsWith(docs.writeFile(file('a.ts'), 'x', { create: true, overwrite: false }), 'FileExists');
    const ro = setup({ ...ALL, addFile: false });
    await rejectsWith(ro.docs.writeFile(file('c.txt'), 'x', { create: true, overwrite: false }), 'NoPermissions');
  });

  test('writing a paste or the root is refused', async () => {
    const { docs } = setup();
    await rejectsWith(docs.writeFile(paste(), 'x', W), 'NoPermissions', /created by sharing/);
  });
});

describe('PasteDocuments: rename and delete', () => {
  test('rename sends the new name by file id', async () => {
    const { docs, provider, changes } = setup();
    await docs.rename(file('a.ts'), file('b.ts'), { overwrite: false });
    assert.deepEqual(provider.calls.at(-1)!.patch, { files: [{ kind: 'update', id: 'f1', name: 'b.ts' }] });
    assert.deepEqual((await docs.readDirectory(paste())).map(([n]) => n).sort(), ['b.ts', 'src/b.md']);
    docs.flushChanges();
    assert.deepEqual(changes.flat().map((c) => c.type), ['deleted', 'created']);
  });

  test('rename is refused across pastes, onto an existing name, and where the service cannot', async () => {
    const { docs } = setup();
    await rejectsWith(docs.rename(file('a.ts'), file('a.ts', 'p2'), { overwrite: false }), 'NoPermissions');
    await rejectsWith(docs.rename(file('a.ts'), file('src/b.md'), { overwrite: false }), 'FileExists');
    const ro = setup({ ...ALL, renameFile: false });
    await rejectsWith(ro.docs.rename(file('a.ts'), file('z.ts'), { overwrite: false }), 'NoPermissions');
  });

  test('delete a file by id where the service removes files', async () => {
    const { docs, provider } = setup();
    await docs.delete(file('src/b.md'));
    assert.deepEqual(provider.calls.at(-1)!.patch, { files: [{ kind: 'remove', id: 'f2' }] });
    const ro = setup({ ...ALL, removeFile: false });
    await rejectsWith(ro.docs.delete(file('a.ts')), 'NoPermissions', /delete the paste/);
  });

  test('delete a paste with the account key, or with a stored deletion key', async () => {
    const { docs, provider, changes } = setup({ ...ALL, deleteWithDeletionKey: false });
    await docs.readFile(file('a.ts'));
    await docs.delete(paste());
    assert.deepEqual(provider.calls.at(-1), { op: 'delete', id: 'p1', deletionKey: undefined });
    assert.equal(docs.cached('fake', 'p1'), undefined);
    docs.flushChanges();
    assert.deepEqual(changes.flat(), [{ type: 'deleted', location: paste() }]);

    const keyed = setup({ ...ALL, deleteWithKey: false }, { p1: 'dk' });
    await keyed.docs.delete(paste());
    assert.deepEqual(keyed.provider.calls.at(-1), { op: 'delete', id: 'p1', deletionKey: 'dk' });

    const none = setup({ ...ALL, deleteWithKey: false });
    await rejectsWith(none.docs.delete(paste()), 'NoPermissions', /deletion key/);
    assert.equal(none.provider.count('delete'), 0);
  });

  test('createDirectory-like writes on instances are refused', async () => {
    const { docs } = setup();
    await rejectsWith(docs.delete({ kind: 'instance', instanceId: 'fake' }), 'NoPermissions');
  });
});

describe('error mapping and change batching', () => {
  test('every PasteError kind has a file system error', () => {
    assert.equal(FS_ERROR_FOR_KIND.notFound, 'FileNotFound');
    assert.equal(FS_ERROR_FOR_KIND.auth, 'NoPermissions');
    assert.equal(FS_ERROR_FOR_KIND.unsupported, 'NoPermissions');
    for (const k of ['network', 'timeout', 'server', 'rateLimited'] as const) assert.equal(FS_ERROR_FOR_KIND[k], 'Unavailable');
    const e = toDocumentError(new PasteError('conflict', 'x'));
    assert.equal(e.conflict, true);
    assert.equal(toDocumentError(new Error('boom')).code, 'Unavailable');
  });

  test('events are delivered once, as one array, after the delay', async () => {
    const got: number[][] = [];
    const b = new ChangeBatcher<number>((e) => got.push(e), 5);
    b.push(1);
    b.push(2, 3);
    assert.deepEqual(got, []);
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(got, [[1, 2, 3]]);
    b.push(4);
    b.dispose();
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(got, [[1, 2, 3]]);
  });
});
