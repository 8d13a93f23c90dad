// PasteDocuments over the real providers and their faithful local servers: what a
// save sends, that an unchanged save sends nothing, that a remote edit is kept.
import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import type { Credentials, PasteProvider } from '../../src/core/model';
import { DocumentError, PasteDocuments } from '../../src/core/pasteDocuments';
import type { PasteLocation } from '../../src/core/pasteUri';
import { createModernPasteProvider } from '../../src/providers/modernpaste';
import { createOwnPasteProvider } from '../../src/providers/ownpaste';
import { createPasteApiProvider } from '../../src/providers/pasteapi';
import { createPasteEeProvider } from '../../src/providers/pasteee';
import { createPasteGgProvider } from '../../src/providers/pastegg';
import type { ContractServer } from '../servers/base';
import { startModernPasteServer } from '../servers/modernpaste';
import { startOwnPasteServer } from '../servers/ownpaste';
import { startPasteApiServer } from '../servers/pasteapi';
import { startPasteEeServer } from '../servers/pasteee';
import { startPasteGgServer } from '../servers/pastegg';

interface Subject {
  name: string;
  start(): Promise<ContractServer>;
  provider(server: ContractServer, credentials: Credentials): PasteProvider;
}

const SUBJECTS: Subject[] = [
  {
    name: 'paste.gg',
    start: () => startPasteGgServer(),
    provider: (s, c) => createPasteGgProvider({ baseUrl: (s as ContractServer & { apiBase: string }).apiBase, getCredentials: async () => c }),
  },
  { name: 'ownpaste', start: () => startOwnPasteServer(), provider: (s, c) => createOwnPasteProvider({ baseUrl: s.origin, getCredentials: async () => c }) },
  { name: 'Paste API', start: () => startPasteApiServer(), provider: (s, c) => createPasteApiProvider({ baseUrl: s.origin, getCredentials: async () => c }) },
  { name: 'paste.ee', start: () => startPasteEeServer(), provider: (s, c) => createPasteEeProvider({ baseUrl: s.origin, getCredentials: async () => c }) },
  { name: 'Modern Paste', start: () => startModernPasteServer(), provider: (s, c) => createModernPasteProvider({ baseUrl: s.origin, getCredentials: async () => c }) },
];

const W = { create: false, overwrite: true };
const writes = (server: ContractServer) => server.requests.filter((r) => r.method !== 'GET' && r.method !== 'HEAD');

for (const subject of SUBJECTS) {
  describe(`PasteDocuments on ${subject.name}`, () => {
    let server: ContractServer;
    let provider: PasteProvider;
    let docs: PasteDocuments;
    let pasteId: string;
    let fileName: string;
    const file = (): PasteLocation => ({ kind: 'file', instanceId: 'local', pasteId, fileName });

    before(async () => {
      server = await subject.start();
      provider = subject.provider(server, server.validCredentials);
      const created = await provider.create({ title: 'notes.txt', files: [{ name: 'notes.txt', content: 'first line\n' }] });
      pasteId = created.id;
      docs = new PasteDocuments({ instanceIds: () => ['local'], provider: () => provider, deletionKey: async () => undefined });
      const [entry] = await docs.readDirectory({ kind: 'paste', instanceId: 'local', pasteId });
      fileName = entry![0];
    });
    after(async () => {
      docs.dispose();
      await server.close();
    });

    test('reads the content', async () => {
      assert.equal(await docs.readFile(file()), 'first line\n');
    });

    if (subject.name === 'paste.ee' || subject.name === 'Modern Paste') {
      test('is read-only: a save is refused without a request', async () => {
        assert.equal((await docs.stat(file())).readonly, true);
        server.resetLog();
        await assert.rejects(docs.writeFile(file(), 'changed\n', W), (e: unknown) => e instanceof DocumentError && e.code === 'NoPermissions');
        assert.equal(server.requests.length, 0);
      });
      return;
    }

    test('a save sends one change and the server holds the new text', async () => {
      assert.equal((await docs.stat(file())).readonly, false);
      await docs.readFile(file());
      server.resetLog();
      await docs.writeFile(file(), 'second line\n', W);
      const sent = writes(server).filter((r) => r.body.includes('second line'));
      assert.equal(sent.length, 1, `one write request with the text, got ${JSON.stringify(writes(server).map((r) => `${r.method} ${r.path}`))}`);
      assert.equal(server.stored(pasteId)!.files[0]!.content, 'second line\n');
    });

    test('a save with no change sends nothing', async () => {
      server.resetLog();
      await docs.writeFile(file(), 'second line\n', W);
      assert.deepEqual(server.requests.map((r) => `${r.method} ${r.path}`), []);
    });

    test('a change on the server is not overwritten', async () => {
      server.touch(pasteId, 'their line\n');
      server.resetLog();
      await assert.rejects(docs.writeFile(file(), 'my line\n', W), (e: unknown) => e instanceof DocumentError && e.conflict);
      assert.equal(writes(server).length, 0);
      assert.equal(server.stored(pasteId)!.files[0]!.content, 'their line\n');
    });
  });
}
