// Paste API (IdefaSoft): the provider against the faithful local server (test/servers/pasteapi.ts).
import { strict as assert } from 'node:assert';
import { after, before, beforeEach, describe, test } from 'node:test';
import { PasteError, type PasteErrorKind } from '../../src/core/errors';
import { EXPIRY_SECONDS, type Credentials, type ExpiryId, type PasteProvider, type ProviderOptions } from '../../src/core/model';
import { createPasteApiProvider, EXPIRATION_LABELS, parseCreatedAt } from '../../src/providers/pasteapi';
import type { RecordedRequest } from '../servers/base';
import { startPasteApiServer, type PasteApiServer } from '../servers/pasteapi';

const PLANTED = 'PLANTED-pasteapi-key-9c2b7e';

function provider(server: PasteApiServer, credentials?: Credentials, extra: Partial<ProviderOptions> = {}): PasteProvider {
  return createPasteApiProvider({ baseUrl: server.origin, getCredentials: async () => credentials, ...extra });
}

async function rejectsWith(promise: Promise<unknown>, kind: PasteErrorKind, message?: RegExp): Promise<PasteError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof PasteError, `expected a PasteError, got ${String(err)}`);
    assert.equal(err.kind, kind, `kind ${err.kind}: ${err.message}`);
    if (message) assert.match(err.message, message);
    assert.ok(!err.message.includes(PLANTED), `the key leaked: ${err.message}`);
    assert.ok(!err.message.includes('undefined'), `"undefined" in: ${err.message}`);
    return err;
  }
  assert.fail('expected the call to fail');
}

function body(r: RecordedRequest | undefined): Record<string, unknown> {
  assert.ok(r, 'a request was sent');
  return JSON.parse(r.body) as Record<string, unknown>;
}

describe('Paste API provider', () => {
  let server: PasteApiServer;
  let alice: PasteProvider;

  before(async () => {
    server = await startPasteApiServer({ maxPasteChars: 1_000_000 });
    alice = provider(server, { key: server.aliceKey, username: 'alice' });
  });
  after(() => server.close());
  beforeEach(() => {
    server.resetLog();
    server.config.maxPasteChars = 1_000_000;
  });

  describe('create', () => {
    test('POSTs /create with the bare key in Authorization and name, content, expiration, exposure, burn_after_read', async () => {
      const paste = await alice.create({
        title: 'ignored: the name is the file name',
        expiry: '1h',
        visibility: 'unlisted',
        burnAfterRead: true,
        files: [{ name: 'hello.py', content: 'print(1)\n', language: 'python' }],
      });
      const sent = server.requestsTo('POST /create');
      assert.equal(sent.length, 1);
      assert.equal(sent[0]!.headers.authorization, server.aliceKey);
      assert.match(String(sent[0]!.headers['content-type']), /^application\/json/);
      assert.deepEqual(body(sent[0]), {
        name: 'hello.py',
        content: 'print(1)\n',
        expiration: '1 hour',
        exposure: 'unlisted',
        burn_after_read: true,
      });

      assert.match(paste.id, /^[A-Za-z0-9]{12}$/);
      assert.equal(paste.service, 'pasteapi');
      assert.equal(paste.title, 'hello.py');
      assert.equal(paste.visibility, 'unlisted');
      assert.equal(paste.burnAfterRead, true);
      assert.equal(paste.owner, 'alice');
      assert.equal(paste.views, 0);
      assert.equal(paste.url, undefined, 'no web URL is known unless one is configured');
      assert.equal(paste.files.length, 1);
      assert.equal(paste.files[0]!.name, 'hello.py');
      assert.equal(paste.files[0]!.content, 'print(1)\n');
      assert.equal(paste.files[0]!.language, 'python');
      assert.equal(paste.files[0]!.serviceLanguage, undefined);
      assert.equal(paste.files[0]!.size, 9);
      assert.equal(paste.complete, true);
      assert.ok(paste.createdAt);
      assert.ok(Math.abs(Date.parse(paste.createdAt) - Date.now()) < 5_000, 'created_at is read as UTC');
      assert.equal(Date.parse(paste.expiresAt!) - Date.parse(paste.createdAt), 3_600_000);
      assert.equal(server.requestsTo('GET /paste/*').length, 0, 'nothing was read back');
    });

    test('every expiry is sent as the documented label, and the server takes each', async () => {
      assert.deepEqual(Object.values(EXPIRATION_LABELS).sort(), ['1 day', '1 hour', '1 month', '1 week', '1 year', '10 minutes', '2 weeks', '6 months', 'Never'].sort());
      for (const expiry of Object.keys(EXPIRATION_LABELS) as ExpiryId[]) {
        const paste = await alice.create({ expiry, files: [{ name: 'e.txt', content: expiry }] });
        assert.equal(body(server.requestsTo('POST /create').at(-1)).expiration, EXPIRATION_LABELS[expiry]);
        const seconds = EXPIRY_SECONDS[expiry];
        if (seconds === undefined) assert.equal(paste.expiresAt, undefined);
        else assert.equal(Date.parse(paste.expiresAt!) - Date.parse(paste.createdAt!), seconds * 1000);
      }
    });

    test('optional fields are left out when not asked for (the server defaults them)', async () => {
      const paste = await alice.create({ files: [{ name: 'plain.txt', content: 'x' }] });
      assert.deepEqual(body(server.requestsTo('POST /create').at(-1)), { name: 'plain.txt', content: 'x' });
      assert.equal(paste.visibility, 'public');
      assert.equal(paste.burnAfterRead, false);
      assert.equal(paste.expiresAt, undefined);
    });

    test('the title names the paste only when the file has no name', async () => {
      await alice.create({ title: 'My notes', files: [{ name: '', content: 'x' }] });
      assert.equal(body(server.requestsTo('POST /create').at(-1)).name, 'My notes');
    });

    test('names of 2 to 100 characters pass; others are refused unsent (the server says the same)', async () => {
      await alice.create({ files: [{ name: 'ab', content: 'x' }] });
      await alice.create({ files: [{ name: 'n'.repeat(100), content: 'x' }] });
      server.resetLog();
      await rejectsWith(alice.create({ files: [{ name: 'a', content: 'x' }] }), 'invalid', /between 2 and 100/);
      await rejectsWith(alice.create({ files: [{ name: 'n'.repeat(101), content: 'x' }] }), 'invalid', /between 2 and 100/);
      assert.equal(server.requests.length, 0);
      const res = await fetch(`${server.origin}/create`, {
        method: 'POST',
        headers: { Authorization: server.aliceKey, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'a', content: 'x' }),
      });
      assert.equal(res.status, 400);
      assert.deepEqual(await res.json(), { code: 400, message: 'The name must be between 2 and 100 characters long' });
    });

    test('refuses unsent: no key (auth), anonymous (unsupported), two files, a description, empty content', async () => {
      const nokey = provider(server, undefined);
      await rejectsWith(nokey.create({ files: [{ name: 'a.txt', content: 'a' }] }), 'auth', /API key/);
      await rejectsWith(alice.create({ anonymous: true, files: [{ name: 'a.txt', content: 'a' }] }), 'unsupported');
      await rejectsWith(alice.create({ files: [{ name: 'a.txt', content: 'a' }, { name: 'b.txt', content: 'b' }] }), 'unsupported');
      await rejectsWith(alice.create({ description: 'd', files: [{ name: 'a.txt', content: 'a' }] }), 'unsupported');
      await rejectsWith(alice.create({ files: [{ name: 'a.txt', content: '' }] }), 'invalid');
      await rejectsWith(alice.create({ files: [] }), 'invalid');
      assert.equal(server.requests.length, 0);
    });

    test('max_paste_chars counts all of a user\'s pastes: going over is tooLarge with the service message', async () => {
      const fresh = await startPasteApiServer({ maxPasteChars: 30 });
      try {
        const p = provider(fresh, fresh.validCredentials);
        await p.create({ files: [{ name: 'one.txt', content: 'x'.repeat(20) }] });
        const err = await rejectsWith(p.create({ files: [{ name: 'two.txt', content: 'y'.repeat(20) }] }), 'tooLarge');
        assert.equal(err.status, 413);
        assert.match(err.serviceMessage ?? '', /limit of 30/);
        await p.create({ files: [{ name: 'two.txt', content: 'y'.repeat(10) }] });
      } finally {
        await fresh.close();
      }
    });

    test('a create is never retried (503 answered once)', async () => {
      server.fault({ route: 'POST /create', status: 503, body: '{"code": 503, "message": "busy"}', times: 3 });
      const err = await rejectsWith(alice.create({ files: [{ name: 'a.txt', content: 'a' }] }), 'server');
      assert.equal(err.serviceMessage, 'busy');
      assert.equal(server.requestsTo('POST /create').length, 1);
    });
  });

  describe('auth', () => {
    test('a wrong key is auth (401) with the service message, and the key is nowhere in the error', async () => {
      const wrong = provider(server, { key: PLANTED, username: 'alice' });
      const err = await rejectsWith(wrong.create({ files: [{ name: 'a.txt', content: 'a' }] }), 'auth');
      assert.equal(err.status, 401);
      assert.equal(err.serviceMessage, 'Invalid or missing API key');
      assert.ok(!JSON.stringify(err).includes(PLANTED));
      assert.ok(!String(err.stack).includes(PLANTED));
    });

    test('a message that echoes the key is redacted', async () => {
      server.fault({ status: 401, body: JSON.stringify({ code: 401, message: `Unknown key ${PLANTED}` }) });
      const err = await rejectsWith(provider(server, { key: PLANTED }).get('AAAAAAAAAAAA'), 'auth');
      assert.match(err.serviceMessage ?? '', /\[redacted\]/);
    });

    test('the server takes only the bare key: "Bearer <key>" is 401', async () => {
      const res = await fetch(`${server.origin}/accounts/@alice`, { headers: { Authorization: `Bearer ${server.aliceKey}` } });
      assert.equal(res.status, 401);
      assert.deepEqual(await res.json(), { code: 401, message: 'Invalid or missing API key' });
    });

    test('the key is never sent over plain http to another host', async () => {
      let calls = 0;
      const p = createPasteApiProvider({
        baseUrl: 'http://paste.example.com/api',
        getCredentials: async () => ({ key: PLANTED, username: 'alice' }),
        fetch: async () => {
          calls++;
          throw new TypeError('fetch failed');
        },
      });
      await rejectsWith(p.get('AAAAAAAAAAAA'), 'invalid');
      await rejectsWith(p.listOwn(), 'invalid');
      assert.equal(calls, 0);
    });
  });

  describe('get', () => {
    test('GETs /paste/@{id} with the key and maps the paste', async () => {
      const id = server.insert({ owner: 'alice', name: 'notes.md', content: '# hi\n', createdAt: Date.UTC(2024, 4, 15, 18, 56, 1), views: 4 });
      const paste = await alice.get(id);
      const sent = server.requestsTo(`GET /paste/@${id}`);
      assert.equal(sent.length, 1);
      assert.equal(sent[0]!.headers.authorization, server.aliceKey);
      assert.equal(paste.id, id);
      assert.equal(paste.title, 'notes.md');
      assert.equal(paste.createdAt, '2024-05-15T18:56:01.000Z');
      assert.equal(paste.expiresAt, undefined, '"Never"');
      assert.equal(paste.views, 5, 'the read counted');
      assert.equal(paste.files[0]!.language, 'markdown');
      assert.equal(paste.complete, true);
    });

    test('a missing, expired or someone else\'s private paste is notFound', async () => {
      const err = await rejectsWith(alice.get('Zz0Zz0Zz0Zz0'), 'notFound');
      assert.equal(err.serviceMessage, 'Paste not found');
      const old = server.insert({ owner: 'alice', name: 'old.txt', content: 'o', expiration: '10 minutes' });
      server.age(old, 601);
      await rejectsWith(alice.get(old), 'notFound');
      const hidden = server.insert({ owner: 'bob', name: 'bob.txt', content: 'b', exposure: 'private' });
      await rejectsWith(alice.get(hidden), 'notFound');
      const unlisted = server.insert({ owner: 'bob', name: 'bob.txt', content: 'b', exposure: 'unlisted' });
      assert.equal((await alice.get(unlisted)).visibility, 'unlisted');
    });

    test('reading a burn-after-read paste destroys it on the server; the Paste says it was one', async () => {
      const created = await alice.create({ burnAfterRead: true, files: [{ name: 'once.txt', content: 'read me once' }] });
      assert.ok(server.stored(created.id), 'create did not read it');
      const paste = await alice.get(created.id);
      assert.equal(paste.burnAfterRead, true);
      assert.equal(paste.files[0]!.content, 'read me once');
      assert.equal(server.stored(created.id), undefined);
      await rejectsWith(alice.get(created.id), 'notFound');
    });

    test('a 503 on a GET is retried', async () => {
      const id = server.insert({ owner: 'alice', name: 'r.txt', content: 'r' });
      server.fault({ route: 'GET /paste/*', status: 503, times: 1 });
      assert.equal((await alice.get(id)).id, id);
      assert.equal(server.requestsTo('GET /paste/*').length, 2);
    });

    test('no key, or an unusable id: refused unsent', async () => {
      await rejectsWith(provider(server, undefined).get('AAAAAAAAAAAA'), 'auth');
      await rejectsWith(alice.get(''), 'invalid');
      await rejectsWith(alice.get('a/b'), 'invalid');
      assert.equal(server.requests.length, 0);
    });

    test('an aborted read is cancelled', async () => {
      const id = server.insert({ owner: 'alice', name: 's.txt', content: 's' });
      server.fault({ delayMs: 500 });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 30);
      await rejectsWith(alice.get(id, { signal: controller.signal }), 'cancelled');
    });
  });

  describe('update', () => {
    test('PATCHes /edit/{id} with the id and only the changed fields; answers the edited paste without reading it again', async () => {
      const id = server.insert({ owner: 'alice', name: 'a.py', content: 'old', burnAfterRead: true });
      const updated = await alice.update(id, { files: [{ kind: 'update', content: 'new' }] });
      const sent = server.requestsTo(`PATCH /edit/${id}`);
      assert.equal(sent.length, 1);
      assert.equal(sent[0]!.headers.authorization, server.aliceKey);
      assert.deepEqual(body(sent[0]), { id, content: 'new' });
      assert.equal(updated.files[0]!.content, 'new');
      assert.equal(server.requestsTo('GET /paste/*').length, 0);
      assert.ok(server.stored(id), 'the burn-after-read paste is still there');
    });

    test('title, file rename, expiry, visibility and burn-after-read map to name, expiration, exposure, burn_after_read', async () => {
      const id = server.insert({ owner: 'alice', name: 'a.py', content: 'x' });
      await alice.update(id, { title: 'Renamed title', expiry: '2w', visibility: 'private', burnAfterRead: true });
      assert.deepEqual(body(server.requestsTo(`PATCH /edit/${id}`).at(-1)), {
        id,
        name: 'Renamed title',
        expiration: '2 weeks',
        exposure: 'private',
        burn_after_read: true,
      });
      const renamed = await alice.update(id, { files: [{ kind: 'update', name: 'b.rs' }] });
      assert.deepEqual(body(server.requestsTo(`PATCH /edit/${id}`).at(-1)), { id, name: 'b.rs' });
      assert.equal(renamed.title, 'b.rs');
      assert.equal(renamed.files[0]!.language, 'rust');
      assert.equal(renamed.visibility, 'private');
    });

    test('refuses unsent: add/remove a file, a description, two names, no name, a bad name, empty content', async () => {
      const id = server.insert({ owner: 'alice', name: 'a.py', content: 'x' });
      await rejectsWith(alice.update(id, { files: [{ kind: 'add', name: 'b.txt', content: 'b' }] }), 'unsupported');
      await rejectsWith(alice.update(id, { files: [{ kind: 'remove', id: 'x' }] }), 'unsupported');
      await rejectsWith(alice.update(id, { description: 'd' }), 'unsupported');
      await rejectsWith(alice.update(id, { title: 'one', files: [{ kind: 'update', name: 'two.txt' }] }), 'invalid');
      await rejectsWith(alice.update(id, { title: null }), 'invalid');
      await rejectsWith(alice.update(id, { title: 'x' }), 'invalid');
      await rejectsWith(alice.update(id, { files: [{ kind: 'update', content: '' }] }), 'invalid');
      assert.equal(server.requests.length, 0);
    });

    test("someone else's paste is refused (403, auth) with the service message", async () => {
      const id = server.insert({ owner: 'bob', name: 'bob.txt', content: 'b' });
      const err = await rejectsWith(alice.update(id, { title: 'mine now' }), 'auth');
      assert.equal(err.status, 403);
      assert.equal(err.serviceMessage, 'You are not the owner of this paste');
    });

    test('an edit answered 503 is not retried', async () => {
      const id = server.insert({ owner: 'alice', name: 'a.py', content: 'x' });
      server.fault({ route: 'PATCH /edit/*', status: 503, times: 3 });
      await rejectsWith(alice.update(id, { title: 'again' }), 'server');
      assert.equal(server.requestsTo('PATCH /edit/*').length, 1);
    });
  });

  describe('delete', () => {
    test('DELETEs /delete/{id} with the key; 204; the paste is gone', async () => {
      const id = server.insert({ owner: 'alice', name: 'a.txt', content: 'x' });
      await alice.delete(id);
      const sent = server.requestsTo(`DELETE /delete/${id}`);
      assert.equal(sent.length, 1);
      assert.equal(sent[0]!.headers.authorization, server.aliceKey);
      assert.equal(server.stored(id), undefined);
      await rejectsWith(alice.delete(id), 'notFound');
    });

    test("a deletion key is unsupported (unsent); someone else's paste is auth", async () => {
      await rejectsWith(alice.delete('AAAAAAAAAAAA', { deletionKey: 'k' }), 'unsupported');
      assert.equal(server.requests.length, 0);
      const id = server.insert({ owner: 'bob', name: 'b.txt', content: 'b' });
      await rejectsWith(alice.delete(id), 'auth');
      assert.ok(server.stored(id));
    });
  });

  describe('lists and account', () => {
    test('listOwn GETs /accounts/@{username} and returns all own pastes (private and unlisted too) at once', async () => {
      const fresh = await startPasteApiServer();
      try {
        const ids = fresh.seed(30, { owned: true });
        const priv = fresh.insert({ owner: 'alice', name: 'p.txt', content: 'p', exposure: 'private' });
        fresh.seed(3, { owned: false });
        const page = await provider(fresh, fresh.validCredentials).listOwn({ limit: 5 });
        assert.equal(fresh.requests.length, 1);
        assert.equal(fresh.requests[0]!.path, '/accounts/@alice');
        assert.equal(fresh.requests[0]!.headers.authorization, fresh.aliceKey);
        assert.equal(page.next, undefined);
        assert.deepEqual(page.items.map((p) => p.id).sort(), [...ids, priv].sort());
        assert.ok(page.items.every((p) => p.owner === 'alice' && p.complete));
      } finally {
        await fresh.close();
      }
    });

    test('listOwn and whoAmI need the username with the key (auth error naming it, nothing sent)', async () => {
      const keyOnly = provider(server, { key: server.aliceKey });
      await rejectsWith(keyOnly.listOwn(), 'auth', /username/);
      await rejectsWith(keyOnly.whoAmI(), 'auth', /username/);
      assert.equal(server.requests.length, 0);
    });

    test('listRecent is unsupported and sends nothing', async () => {
      await rejectsWith(alice.listRecent(), 'unsupported');
      assert.equal(server.requests.length, 0);
    });

    test('whoAmI reads the account; an unknown username or a wrong key is auth', async () => {
      assert.deepEqual(await alice.whoAmI(), { user: 'alice', keyType: 'API key' });
      await rejectsWith(provider(server, { key: server.aliceKey, username: 'nobody' }).whoAmI(), 'auth', /no account named "nobody"/);
      await rejectsWith(provider(server, { key: PLANTED, username: 'alice' }).whoAmI(), 'auth');
    });
  });

  describe('bad responses', () => {
    const cases: { name: string; route: string; status: number; body: string; kind: PasteErrorKind }[] = [
      { name: 'a 200 carrying {code: 400}', route: 'GET /paste/*', status: 200, body: '{"code": 400, "message": "Bad"}', kind: 'invalid' },
      { name: 'a 200 carrying {code: 404}', route: 'GET /paste/*', status: 200, body: '{"code": 404, "message": "Paste not found"}', kind: 'notFound' },
      { name: 'a paste without an id', route: 'GET /paste/*', status: 200, body: '{"name": "a.txt", "content": "x"}', kind: 'server' },
      { name: 'an id that is an object', route: 'GET /paste/*', status: 200, body: '{"id": {}, "name": "a.txt"}', kind: 'server' },
      { name: 'an id that is empty', route: 'GET /paste/*', status: 200, body: '{"id": "", "name": "a.txt"}', kind: 'server' },
      { name: 'an nginx 404 page', route: 'GET /paste/*', status: 404, body: '<html><title>404 Not Found</title></html>', kind: 'notFound' },
      { name: 'a 502 page', route: 'GET /paste/*', status: 502, body: '<html>Bad Gateway</html>', kind: 'server' },
      { name: 'truncated JSON', route: 'GET /paste/*', status: 200, body: '{"id": "AAAA', kind: 'server' },
      { name: 'null', route: 'GET /paste/*', status: 200, body: 'null', kind: 'server' },
      { name: 'an array', route: 'GET /paste/*', status: 200, body: '[{"id": "AAAAAAAAAAAA"}]', kind: 'server' },
      { name: 'an account whose pastes is not a list', route: 'GET /accounts/*', status: 200, body: '{"username": "alice", "pastes": null}', kind: 'server' },
      { name: 'an account with a paste without an id', route: 'GET /accounts/*', status: 200, body: '{"username": "alice", "pastes": [{"name": "x"}]}', kind: 'server' },
      { name: 'a 422 with another error shape', route: 'GET /paste/*', status: 422, body: '{"detail": "unprocessable"}', kind: 'invalid' },
    ];
    for (const c of cases) {
      test(`${c.name} → ${c.kind}`, async () => {
        server.fault({ route: c.route, status: c.status, body: c.body, contentType: c.body.startsWith('<') ? 'text/html' : 'application/json' });
        const call = c.route.startsWith('GET /accounts') ? alice.listOwn() : alice.get('AAAAAAAAAAAA');
        await rejectsWith(call, c.kind);
      });
    }

    test('wrong field types are dropped: no name gives a file name from the id; odd dates give no date', async () => {
      server.fault({
        route: 'GET /paste/*',
        status: 200,
        body: JSON.stringify({ id: 'AAAAAAAAAAAA', name: 5, content: 9, created_at: '31/02/2024, 10:00:00', expiration: 'forever', exposure: 'secret', views: '3', burn_after_read: 'yes' }),
      });
      const paste = await alice.get('AAAAAAAAAAAA');
      assert.equal(paste.title, undefined);
      assert.equal(paste.files[0]!.name, 'paste-AAAAAAAAAAAA.txt');
      assert.equal(paste.files[0]!.content, undefined);
      assert.equal(paste.complete, false);
      assert.equal(paste.createdAt, undefined);
      assert.equal(paste.expiresAt, undefined);
      assert.equal(paste.visibility, undefined);
      assert.equal(paste.views, undefined);
      assert.equal(paste.burnAfterRead, undefined);
    });

    test('a delete answered 200 with an error envelope is an error', async () => {
      server.fault({ route: 'DELETE /delete/*', status: 200, body: '{"code": 403, "message": "Not yours"}' });
      const err = await rejectsWith(alice.delete('AAAAAAAAAAAA'), 'auth');
      assert.equal(err.serviceMessage, 'Not yours');
    });
  });

  describe('configuration and URLs', () => {
    test('no base URL is an invalid error for every call, and nothing is fetched', async () => {
      let calls = 0;
      for (const baseUrl of ['', '  ', 'nonsense', 'ftp://example.com/api']) {
        const p = createPasteApiProvider({
          baseUrl,
          getCredentials: async () => ({ key: PLANTED, username: 'alice' }),
          fetch: async () => {
            calls++;
            throw new TypeError('fetch failed');
          },
        });
        await rejectsWith(p.create({ files: [{ name: 'a.txt', content: 'a' }] }), 'invalid', /base URL/);
        await rejectsWith(p.get('AAAAAAAAAAAA'), 'invalid', /base URL/);
        await rejectsWith(p.listOwn(), 'invalid', /base URL/);
        await rejectsWith(p.update('AAAAAAAAAAAA', { title: 'xx' }), 'invalid', /base URL/);
        await rejectsWith(p.delete('AAAAAAAAAAAA'), 'invalid', /base URL/);
        await rejectsWith(p.whoAmI(), 'invalid', /base URL/);
      }
      assert.equal(calls, 0);
    });

    test('idFromUrl reads API paths of this instance, and web paths when a web URL is set', () => {
      const p = createPasteApiProvider({ baseUrl: 'https://paste.example.com/api/', webUrl: 'https://paste.example.com/p' });
      assert.equal(p.idFromUrl('https://paste.example.com/api/paste/@L4e9tJKKfvSL'), 'L4e9tJKKfvSL');
      assert.equal(p.idFromUrl('https://paste.example.com/api/edit/L4e9tJKKfvSL'), 'L4e9tJKKfvSL');
      assert.equal(p.idFromUrl('https://paste.example.com/p/L4e9tJKKfvSL'), 'L4e9tJKKfvSL');
      assert.equal(p.idFromUrl('https://paste.example.com/p/@L4e9tJKKfvSL'), 'L4e9tJKKfvSL');
      assert.equal(p.idFromUrl('https://paste.example.com/api/accounts/@alice'), undefined);
      assert.equal(p.idFromUrl('https://elsewhere.example.com/api/paste/@L4e9tJKKfvSL'), undefined);
      assert.equal(p.idFromUrl('garbage'), undefined);
      const withWeb = createPasteApiProvider({ baseUrl: 'https://x.example.com/api', webUrl: 'https://x.example.com/p' });
      assert.equal(withWeb.idFromUrl('https://x.example.com/p/AbC123'), 'AbC123');
    });

    test('with a web URL configured, Paste.url points there', async () => {
      const p = provider(server, server.validCredentials, { webUrl: 'https://paste.example.com/p/' });
      const paste = await p.create({ files: [{ name: 'w.txt', content: 'w' }] });
      assert.equal(paste.url, `https://paste.example.com/p/${paste.id}`);
    });
  });

  test('created_at "dd/mm/yyyy, HH:MM:SS" is read as UTC; ISO passes; nonsense is dropped', () => {
    assert.equal(parseCreatedAt('15/05/2024, 18:56:01'), '2024-05-15T18:56:01.000Z');
    assert.equal(parseCreatedAt('01/12/2023, 00:00:00'), '2023-12-01T00:00:00.000Z');
    assert.equal(parseCreatedAt('2024-05-13T20:14:00.015390+00:00'), '2024-05-13T20:14:00.015Z');
    assert.equal(parseCreatedAt('31/02/2024, 10:00:00'), undefined);
    assert.equal(parseCreatedAt('15/13/2024, 10:00:00'), undefined);
    assert.equal(parseCreatedAt('yesterday'), undefined);
    assert.equal(parseCreatedAt(1715799361), undefined);
  });
});

describe('Paste API local server', () => {
  let server: PasteApiServer;
  before(async () => {
    server = await startPasteApiServer();
  });
  after(() => server.close());

  test('unknown routes are an HTML 404; a known route with the wrong method is the JSON 405 envelope', async () => {
    const unknown = await fetch(`${server.origin}/pastes`, { headers: { Authorization: server.aliceKey } });
    assert.equal(unknown.status, 404);
    assert.match(unknown.headers.get('content-type') ?? '', /text\/html/);
    const wrong = await fetch(`${server.origin}/create`, { headers: { Authorization: server.aliceKey } });
    assert.equal(wrong.status, 405);
    assert.deepEqual(await wrong.json(), { code: 405, message: 'Method Not Allowed' });
  });

  test('an edit whose body id differs from the path is 400', async () => {
    const id = server.insert({ owner: 'alice', name: 'a.txt', content: 'a' });
    const res = await fetch(`${server.origin}/edit/${id}`, {
      method: 'PATCH',
      headers: { Authorization: server.aliceKey, 'Content-Type': 'application/json' },
      body: JSON.stringify({ id: 'other', content: 'b' }),
    });
    assert.equal(res.status, 400);
    assert.equal(server.stored(id)!.files[0]!.content, 'a');
  });

  test('a paste reads back in the documented shape with created_at as dd/mm/yyyy', async () => {
    const id = server.insert({ owner: 'alice', name: 'Test', content: 'Test content', createdAt: Date.UTC(2024, 4, 15, 18, 56, 1) });
    const res = await fetch(`${server.origin}/paste/@${id}`, { headers: { Authorization: server.aliceKey } });
    assert.deepEqual(await res.json(), {
      id,
      name: 'Test',
      content: 'Test content',
      created_at: '15/05/2024, 18:56:01',
      expiration: 'Never',
      exposure: 'public',
      views: 1,
      burn_after_read: false,
    });
  });
});
