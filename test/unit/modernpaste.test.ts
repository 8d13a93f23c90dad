// Modern Paste: the provider against the faithful local server (test/servers/modernpaste.ts).
import { strict as assert } from 'node:assert';
import { after, before, beforeEach, describe, test } from 'node:test';
import { PasteError, type PasteErrorKind } from '../../src/core/errors';
import type { Credentials, PasteProvider, ProviderOptions } from '../../src/core/model';
import { createModernPasteProvider, splitTitle, titleForCreate } from '../../src/providers/modernpaste';
import type { RecordedRequest } from '../servers/base';
import { startModernPasteServer, type ModernPasteServer } from '../servers/modernpaste';

const PLANTED = 'PLANTED-modernpaste-key-5d1e0c';

function provider(server: ModernPasteServer, credentials?: Credentials, extra: Partial<ProviderOptions> = {}): PasteProvider {
  return createModernPasteProvider({ baseUrl: server.origin, getCredentials: async () => credentials, ...extra });
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

function last(server: ModernPasteServer, route: string): RecordedRequest | undefined {
  return server.requestsTo(route).at(-1);
}

describe('Modern Paste provider', () => {
  let server: ModernPasteServer;
  let alice: PasteProvider;
  let anon: PasteProvider;

  before(async () => {
    server = await startModernPasteServer({ maxBodyBytes: 32 * 1024 });
    alice = provider(server, { key: server.aliceKey });
    anon = provider(server, undefined);
  });
  after(() => server.close());
  beforeEach(() => {
    server.resetLog();
    server.config.anonymousPastes = true;
    server.config.encryptedIds = false;
  });

  describe('create', () => {
    test('sends one JSON POST to /api/paste/submit with contents, "Title (file)" title, CodeMirror language, expiry and api_key', async () => {
      const before = Math.floor(Date.now() / 1000);
      const paste = await alice.create({
        title: 'Bug repro',
        expiry: '1h',
        files: [{ name: 'hello.py', content: 'print(1)\n', language: 'python' }],
      });
      const sent = server.requestsTo('POST /api/paste/submit');
      assert.equal(sent.length, 1);
      assert.match(String(sent[0]!.headers['content-type']), /^application\/json/);
      const b = body(sent[0]);
      assert.deepEqual(Object.keys(b).sort(), ['api_key', 'contents', 'expiry_time', 'language', 'title']);
      assert.equal(b.contents, 'print(1)\n');
      assert.equal(b.title, 'Bug repro (hello.py)');
      assert.equal(b.language, 'python');
      assert.equal(b.api_key, server.aliceKey);
      assert.equal(typeof b.expiry_time, 'number');
      assert.ok((b.expiry_time as number) >= before + 3600 && (b.expiry_time as number) <= before + 3602);

      assert.match(paste.id, /^\d+$/);
      assert.equal(paste.service, 'modernpaste');
      assert.equal(paste.title, 'Bug repro');
      assert.equal(paste.files.length, 1);
      assert.equal(paste.files[0]!.name, 'hello.py');
      assert.equal(paste.files[0]!.content, 'print(1)\n');
      assert.equal(paste.files[0]!.language, 'python');
      assert.equal(paste.files[0]!.serviceLanguage, 'python');
      assert.equal(paste.files[0]!.size, 9);
      assert.equal(paste.files[0]!.rawUrl, `${server.origin}/paste/${paste.id}/raw`);
      assert.equal(paste.url, `${server.origin}/paste/${paste.id}`);
      assert.equal(paste.complete, true);
      assert.equal(paste.deletionKey, server.record(paste.id)!.deactivationToken);
      assert.ok(paste.createdAt && !Number.isNaN(Date.parse(paste.createdAt)));
      assert.equal(paste.expiresAt, new Date((b.expiry_time as number) * 1000).toISOString());
      assert.equal(server.record(paste.id)!.userId, 1, 'the paste belongs to alice');
    });

    test('the file name alone becomes the title; "never" sends no expiry; the language comes from the extension', async () => {
      const paste = await alice.create({ expiry: 'never', files: [{ name: 'main.c', content: 'int main;\n' }] });
      const b = body(last(server, 'POST /api/paste/submit'));
      assert.equal(b.title, 'main.c');
      assert.equal(b.language, 'text/x-csrc');
      assert.ok(!('expiry_time' in b));
      assert.equal(paste.title, 'main.c');
      assert.equal(paste.files[0]!.name, 'main.c');
      assert.equal(paste.files[0]!.language, 'c');
      assert.equal(paste.expiresAt, undefined);
    });

    test('an unknown language is not sent (the server stores "text")', async () => {
      const paste = await alice.create({ files: [{ name: 'notes.weird', content: 'x', language: 'brainfuck' }] });
      assert.ok(!('language' in body(last(server, 'POST /api/paste/submit'))));
      assert.equal(paste.files[0]!.serviceLanguage, 'text');
      assert.equal(paste.files[0]!.language, 'plaintext');
    });

    test('anonymous: no api_key in the body, with no credentials or when asked to', async () => {
      const a = await anon.create({ files: [{ name: 'a.txt', content: 'a' }] });
      assert.ok(!('api_key' in body(last(server, 'POST /api/paste/submit'))));
      assert.equal(server.record(a.id)!.userId, null);
      assert.ok(a.deletionKey);
      const b = await alice.create({ anonymous: true, files: [{ name: 'b.txt', content: 'b' }] });
      assert.ok(!('api_key' in body(last(server, 'POST /api/paste/submit'))));
      assert.equal(server.record(b.id)!.userId, null);
    });

    test('a server that requires sign-in refuses anonymous pastes: auth error, 403, says so', async () => {
      server.config.anonymousPastes = false;
      const err = await rejectsWith(anon.create({ files: [{ name: 'a.txt', content: 'a' }] }), 'auth', /signed-in users/);
      assert.equal(err.status, 403);
      assert.match(err.serviceMessage ?? '', /required that users be signed in/);
      await alice.create({ files: [{ name: 'a.txt', content: 'a' }] });
    });

    test('a wrong key is auth_failure 401, and the key is in no part of the error', async () => {
      const wrong = provider(server, { key: PLANTED });
      const err = await rejectsWith(wrong.create({ files: [{ name: 'a.txt', content: 'a' }] }), 'auth');
      assert.equal(err.status, 401);
      assert.equal(err.serviceMessage, 'User needs to be authenticated to complete this request');
      assert.ok(!JSON.stringify(err).includes(PLANTED));
      assert.ok(!String(err.stack).includes(PLANTED));
    });

    test('a message that echoes the key is redacted', async () => {
      server.fault({
        route: 'POST /api/paste/submit',
        status: 401,
        body: JSON.stringify({ success: false, message: `Unknown API key ${PLANTED}`, failure: 'auth_failure' }),
      });
      const err = await rejectsWith(provider(server, { key: PLANTED }).create({ files: [{ name: 'a.txt', content: 'a' }] }), 'auth');
      assert.match(err.message, /\[redacted\]/);
    });

    test('refuses, before sending anything, what Modern Paste cannot hold', async () => {
      const cases: [string, Parameters<PasteProvider['create']>[0], PasteErrorKind][] = [
        ['two files', { files: [{ name: 'a', content: 'a' }, { name: 'b', content: 'b' }] }, 'unsupported'],
        ['burn after read', { burnAfterRead: true, files: [{ name: 'a', content: 'a' }] }, 'unsupported'],
        ['a private paste', { visibility: 'private', files: [{ name: 'a', content: 'a' }] }, 'unsupported'],
        ['an unlisted paste', { visibility: 'unlisted', files: [{ name: 'a', content: 'a' }] }, 'unsupported'],
        ['a description', { description: 'd', files: [{ name: 'a', content: 'a' }] }, 'unsupported'],
        ['no file', { files: [] }, 'invalid'],
        ['empty contents', { files: [{ name: 'a.txt', content: '' }] }, 'invalid'],
      ];
      for (const [, input, kind] of cases) await rejectsWith(alice.create(input), kind);
      assert.equal(server.requests.length, 0);
    });

    test('a body over the proxy limit (413 HTML) and an attachment over the server limit (414) are tooLarge', async () => {
      await rejectsWith(alice.create({ files: [{ name: 'big.txt', content: 'x'.repeat(40 * 1024) }] }), 'tooLarge');
      server.fault({
        route: 'POST /api/paste/submit',
        status: 414,
        body: JSON.stringify({ success: false, message: 'One or more attached files is too large.', failure: 'paste_attachment_too_large_failure' }),
      });
      const err = await rejectsWith(alice.create({ files: [{ name: 'a.txt', content: 'a' }] }), 'tooLarge');
      assert.equal(err.serviceMessage, 'One or more attached files is too large.');
    });

    test('a 503 on submit is not retried', async () => {
      server.fault({ route: 'POST /api/paste/submit', status: 503, times: 3 });
      await rejectsWith(alice.create({ files: [{ name: 'a.txt', content: 'a' }] }), 'server');
      assert.equal(server.requestsTo('POST /api/paste/submit').length, 1);
    });
  });

  describe('get', () => {
    test('POSTs details with the numeric id as a JSON number and no api_key; maps every field', async () => {
      const id = server.insert({ userId: 1, title: 'Notes (todo.md)', language: 'markdown', contents: '# todo\n', views: 7, expiryTime: 4_102_444_800 });
      const paste = await alice.get(id);
      const b = body(last(server, 'POST /api/paste/details'));
      assert.deepEqual(b, { paste_id: Number(id) });
      assert.equal(paste.id, id);
      assert.equal(paste.title, 'Notes');
      assert.equal(paste.files[0]!.name, 'todo.md');
      assert.equal(paste.files[0]!.language, 'markdown');
      assert.equal(paste.owner, 'alice');
      assert.equal(paste.views, 7);
      assert.equal(paste.expiresAt, '2100-01-01T00:00:00.000Z');
      assert.equal(paste.complete, true);
      assert.equal(paste.deletionKey, undefined, 'details never carries the token');
    });

    test('an anonymous paste has no owner; a title that is no file name gets an extension from the language', async () => {
      const id = server.insert({ title: 'Untitled', language: 'text/x-csrc', contents: 'int x;' });
      const paste = await anon.get(id);
      assert.equal(paste.owner, undefined);
      assert.equal(paste.title, 'Untitled');
      assert.equal(paste.files[0]!.name, 'Untitled.c');
      assert.equal(paste.files[0]!.language, 'c');
    });

    test('encrypted ids: paste_id_repr is a string and goes back as that string', async () => {
      server.config.encryptedIds = true;
      const created = await alice.create({ files: [{ name: 'e.txt', content: 'e' }] });
      assert.doesNotMatch(created.id, /^\d+$/);
      const got = await alice.get(created.id);
      assert.equal(got.id, created.id);
      assert.deepEqual(body(last(server, 'POST /api/paste/details')), { paste_id: created.id });
      // While ids are encrypted, a plain number names no paste.
      await rejectsWith(alice.get('1'), 'notFound');
      assert.deepEqual(body(last(server, 'POST /api/paste/details')), { paste_id: 1 });
    });

    test('a missing or expired paste is notFound with the service message', async () => {
      const err = await rejectsWith(alice.get('424242'), 'notFound');
      assert.equal(err.status, 404);
      assert.equal(err.serviceMessage, 'Paste does not exist');
      const expired = server.insert({ contents: 'old', expiryTime: Math.floor(Date.now() / 1000) - 10 });
      await rejectsWith(alice.get(expired), 'notFound');
    });

    test('a password-protected paste is an auth error saying so', async () => {
      const id = server.insert({ contents: 'secret', password: 'hunter2' });
      const err = await rejectsWith(alice.get(id), 'auth', /password-protected/);
      assert.equal(err.status, 401);
      // The docs' failure name for it (auth_failure) is read the same way.
      server.fault({ status: 401, body: JSON.stringify({ success: false, message: 'nope', failure_name: 'auth_failure' }) });
      await rejectsWith(alice.get(id), 'auth', /password-protected/);
    });

    test('details is a read: a 503 is retried', async () => {
      const id = server.insert({ contents: 'r' });
      server.fault({ route: 'POST /api/paste/details', status: 503, times: 1 });
      const paste = await alice.get(id);
      assert.equal(paste.id, id);
      assert.equal(server.requestsTo('POST /api/paste/details').length, 2);
    });

    test('an invalid id is refused unsent', async () => {
      await rejectsWith(alice.get('  '), 'invalid');
      await rejectsWith(alice.get('1/2'), 'invalid');
      assert.equal(server.requests.length, 0);
    });

    test('an aborted get is cancelled', async () => {
      const id = server.insert({ contents: 'slow' });
      server.fault({ delayMs: 500 });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 30);
      await rejectsWith(alice.get(id, { signal: controller.signal }), 'cancelled');
    });
  });

  describe('bad responses', () => {
    const cases: { name: string; status: number; body: string; kind: PasteErrorKind }[] = [
      { name: 'details: success with no details', status: 200, body: '{"success": true, "message": null}', kind: 'server' },
      { name: 'details: details is null', status: 200, body: '{"success": true, "details": null}', kind: 'server' },
      { name: 'details: details is an array', status: 200, body: '{"success": true, "details": [1]}', kind: 'server' },
      { name: 'details: paste_id_repr missing', status: 200, body: '{"success": true, "details": {"contents": "x"}}', kind: 'server' },
      { name: 'details: paste_id_repr 0', status: 200, body: '{"success": true, "details": {"paste_id_repr": 0}}', kind: 'server' },
      { name: 'details: paste_id_repr a float', status: 200, body: '{"success": true, "details": {"paste_id_repr": 1.5}}', kind: 'server' },
      { name: 'details: paste_id_repr an object', status: 200, body: '{"success": true, "details": {"paste_id_repr": {}}}', kind: 'server' },
      { name: 'a 200 with the error envelope', status: 200, body: '{"success": false, "message": "Paste does not exist", "failure": "nonexistent_paste_failure"}', kind: 'notFound' },
      { name: 'a 200 with success false and nothing else', status: 200, body: '{"success": false}', kind: 'server' },
      { name: 'undefined_failure 500', status: 500, body: '{"success": false, "message": "Undefined server-side failure", "failure": "undefined_failure"}', kind: 'server' },
      { name: 'incomplete_params_failure 400', status: 400, body: '{"success": false, "message": "Required params are missing", "failure": "incomplete_params_failure"}', kind: 'invalid' },
      { name: 'an HTML 404 page', status: 404, body: '<!DOCTYPE HTML><title>404 Not Found</title>', kind: 'notFound' },
      { name: 'an HTML 500 page', status: 500, body: '<html><body>Internal Server Error</body></html>', kind: 'server' },
      { name: 'truncated JSON', status: 200, body: '{"success": true, "details": {"paste_id_repr": 4', kind: 'server' },
      { name: 'null', status: 200, body: 'null', kind: 'server' },
      { name: 'an empty body', status: 200, body: '', kind: 'server' },
    ];
    for (const c of cases) {
      test(`${c.name} → ${c.kind}`, async () => {
        server.fault({ route: 'POST /api/paste/details', status: c.status, body: c.body, contentType: c.body.startsWith('<') ? 'text/html' : 'application/json' });
        await rejectsWith(alice.get('1'), c.kind);
      });
    }

    test('wrong field types in a paste are dropped, not trusted', async () => {
      server.fault({
        route: 'POST /api/paste/details',
        status: 200,
        body: JSON.stringify({
          success: true,
          details: { paste_id_repr: 12, title: 5, language: [], contents: 7, post_time: 'yesterday', expiry_time: {}, views: '9', url: 'javascript:alert(1)' },
        }),
      });
      const paste = await alice.get('12');
      assert.equal(paste.id, '12');
      assert.equal(paste.title, undefined);
      assert.equal(paste.files[0]!.name, 'paste-12.txt');
      assert.equal(paste.files[0]!.content, undefined);
      assert.equal(paste.complete, false);
      assert.equal(paste.createdAt, undefined);
      assert.equal(paste.expiresAt, undefined);
      assert.equal(paste.views, undefined);
      assert.equal(paste.url, `${server.origin}/paste/12`);
    });

    test('submit: a 200 without paste_id_repr, or with the error envelope, is an error', async () => {
      server.fault({ route: 'POST /api/paste/submit', status: 200, body: '{"contents": "a", "title": "t"}', times: 1 });
      await rejectsWith(alice.create({ files: [{ name: 'a.txt', content: 'a' }] }), 'server');
      server.fault({ route: 'POST /api/paste/submit', status: 200, body: '{"success": false, "message": "no", "failure": "auth_failure"}', times: 1 });
      await rejectsWith(alice.create({ files: [{ name: 'a.txt', content: 'a' }] }), 'auth');
    });

    test('lists: pastes that is not a list, or holds a paste without an id, is an error', async () => {
      server.fault({ route: 'POST /api/paste/user', status: 200, body: '{"success": true, "pastes": {}}', times: 1 });
      await rejectsWith(alice.listOwn(), 'server');
      server.fault({ route: 'POST /api/paste/recent', status: 200, body: '{"success": true, "pastes": [{"title": "no id"}]}', times: 1 });
      await rejectsWith(alice.listRecent(), 'server');
    });

    test('deactivate: a 200 that does not say success is an error', async () => {
      server.fault({ route: 'POST /api/paste/deactivate', status: 200, body: '{"paste_id": 1}' });
      await rejectsWith(alice.delete('1', { deletionKey: 'tok' }), 'server');
    });
  });

  describe('lists', () => {
    test('listOwn POSTs the key to /api/paste/user and returns every paste, with no next page', async () => {
      const ids = server.seed(25, { owned: true });
      const page = await alice.listOwn({ limit: 5 });
      assert.deepEqual(body(last(server, 'POST /api/paste/user')), { api_key: server.aliceKey });
      assert.equal(page.next, undefined);
      for (const id of ids) assert.ok(page.items.some((p) => p.id === id));
      assert.ok(page.items.every((p) => p.complete && typeof p.files[0]!.content === 'string'));
    });

    test('listOwn and whoAmI without a key are auth errors that name the key and send nothing', async () => {
      await rejectsWith(anon.listOwn(), 'auth', /API key/);
      await rejectsWith(anon.whoAmI(), 'auth', /API key/);
      assert.equal(server.requests.length, 0);
    });

    test('listRecent pages from 0 with num_per_page; a full page has a next cursor; past the end is empty', async () => {
      const fresh = await startModernPasteServer();
      try {
        const ids = fresh.seed(4, { owned: false });
        const p = provider(fresh, undefined);
        const first = await p.listRecent({ limit: 2 });
        assert.deepEqual(JSON.parse(fresh.requests.at(-1)!.body), { page_num: 0, num_per_page: 2 });
        assert.deepEqual(first.items.map((x) => x.id), [ids[3], ids[2]]);
        assert.ok(first.next);
        const second = await p.listRecent({ cursor: first.next, limit: 50 });
        assert.deepEqual(JSON.parse(fresh.requests.at(-1)!.body), { page_num: 1, num_per_page: 2 }, 'the cursor keeps the page size');
        assert.deepEqual(second.items.map((x) => x.id), [ids[1], ids[0]]);
        assert.ok(second.next, 'a full page may be followed by more');
        const third = await p.listRecent({ cursor: second.next });
        assert.deepEqual(third.items, []);
        assert.equal(third.next, undefined);
      } finally {
        await fresh.close();
      }
    });

    test('listRecent: a short page is the last; a foreign cursor is invalid and unsent', async () => {
      const page = await anon.listRecent({ limit: 100 });
      if (page.items.length < 100) assert.equal(page.next, undefined);
      await rejectsWith(anon.listRecent({ cursor: 'abc' }), 'invalid');
      assert.equal(server.requestsTo('POST /api/paste/recent').length, 1);
    });

    test('listRecent is a read: a 503 is retried', async () => {
      server.fault({ route: 'POST /api/paste/recent', status: 503, times: 1 });
      await anon.listRecent();
      assert.equal(server.requestsTo('POST /api/paste/recent').length, 2);
    });
  });

  describe('delete', () => {
    test('with the deactivation token: token in the body, never the account key', async () => {
      const created = await alice.create({ files: [{ name: 'd.txt', content: 'd' }] });
      await alice.delete(created.id, { deletionKey: created.deletionKey });
      const b = body(last(server, 'POST /api/paste/deactivate'));
      assert.deepEqual(b, { paste_id: Number(created.id), deactivation_token: created.deletionKey });
      assert.equal(server.stored(created.id), undefined);
      assert.equal(server.record(created.id)!.active, false);
    });

    test('with the account key when no token is given', async () => {
      const id = server.insert({ userId: 1, contents: 'k' });
      await alice.delete(id);
      assert.deepEqual(body(last(server, 'POST /api/paste/deactivate')), { paste_id: Number(id), api_key: server.aliceKey });
      assert.equal(server.stored(id), undefined);
    });

    test("a wrong token and someone else's paste are auth errors with the service's reason", async () => {
      const id = server.insert({ userId: 1, contents: 'k' });
      const e1 = await rejectsWith(anon.delete(id, { deletionKey: 'not-the-token' }), 'auth');
      assert.equal(e1.serviceMessage, 'Deactivation token is invalid');
      const bob = provider(server, { key: server.bobKey });
      const e2 = await rejectsWith(bob.delete(id), 'auth');
      assert.equal(e2.serviceMessage, 'User does not own requested paste');
      assert.ok(server.stored(id));
    });

    test('a deactivated paste is gone: deleting again is notFound', async () => {
      const id = server.insert({ userId: 1, contents: 'k' });
      await alice.delete(id);
      await rejectsWith(alice.delete(id), 'notFound');
    });

    test('neither key nor token: auth error, nothing sent', async () => {
      await rejectsWith(anon.delete('3'), 'auth', /deactivation token/);
      assert.equal(server.requests.length, 0);
    });
  });

  test('update is unsupported and sends nothing', async () => {
    await rejectsWith(alice.update('1', { title: 'x' }), 'unsupported');
    await rejectsWith(alice.update('1', { files: [{ kind: 'update', content: 'x' }] }), 'unsupported');
    assert.equal(server.requests.length, 0);
  });

  describe('whoAmI', () => {
    test("names the account from the poster of one of its pastes", async () => {
      server.insert({ userId: 1, contents: 'mine' });
      assert.deepEqual(await alice.whoAmI(), { user: 'alice', keyType: 'API key' });
    });

    test('an account with no pastes is still a valid key, without a name', async () => {
      const fresh = await startModernPasteServer();
      try {
        assert.deepEqual(await provider(fresh, { key: fresh.bobKey }).whoAmI(), { user: undefined, keyType: 'API key' });
        assert.equal(fresh.requests.length, 1);
      } finally {
        await fresh.close();
      }
    });

    test('a wrong key is an auth error', async () => {
      await rejectsWith(provider(server, { key: PLANTED }).whoAmI(), 'auth');
    });
  });

  describe('configuration and URLs', () => {
    test('a missing or unusable base URL is an invalid error before any request', async () => {
      for (const baseUrl of ['', '   ', 'not a url', 'ftp://example.com']) {
        const p = createModernPasteProvider({ baseUrl, getCredentials: async () => ({ key: PLANTED }) });
        await rejectsWith(p.get('1'), 'invalid');
        await rejectsWith(p.create({ files: [{ name: 'a.txt', content: 'a' }] }), 'invalid');
      }
    });

    test('the key is never sent over plain http to another host', async () => {
      let calls = 0;
      const p = createModernPasteProvider({
        baseUrl: 'http://paste.example.com',
        getCredentials: async () => ({ key: PLANTED }),
        fetch: async () => {
          calls++;
          throw new TypeError('fetch failed');
        },
      });
      await rejectsWith(p.listOwn(), 'invalid');
      await rejectsWith(p.create({ files: [{ name: 'a.txt', content: 'a' }] }), 'invalid');
      assert.equal(calls, 0);
    });

    test('idFromUrl reads /paste/<id>, /raw and deactivate links of this instance only', () => {
      const p = createModernPasteProvider({ baseUrl: 'https://paste.example.com/mp/' });
      assert.equal(p.idFromUrl('https://paste.example.com/mp/paste/42'), '42');
      assert.equal(p.idFromUrl('https://paste.example.com/mp/paste/42/raw'), '42');
      assert.equal(p.idFromUrl('https://paste.example.com/mp/paste/Ab~c-9/deactivate/tok'), 'Ab~c-9');
      assert.equal(p.idFromUrl('https://paste.example.com/mp/paste/new'), undefined);
      assert.equal(p.idFromUrl('https://paste.example.com/paste/42'), undefined);
      assert.equal(p.idFromUrl('https://other.example.com/mp/paste/42'), undefined);
      assert.equal(p.idFromUrl('not a url'), undefined);
      const web = createModernPasteProvider({ baseUrl: 'https://api.example.com', webUrl: 'https://paste.example.com' });
      assert.equal(web.idFromUrl('https://paste.example.com/paste/7'), '7');
    });
  });

  describe('title and file name', () => {
    test('"Title (name.ext)" round-trips; a bare file name is both; other titles get an extension', () => {
      assert.equal(titleForCreate('Bug', 'a.py'), 'Bug (a.py)');
      assert.equal(titleForCreate(undefined, 'a.py'), 'a.py');
      assert.equal(titleForCreate('a.py', 'a.py'), 'a.py');
      assert.deepEqual(splitTitle('Bug (a.py)', '1', 'python'), { title: 'Bug', fileName: 'a.py' });
      assert.deepEqual(splitTitle('a.py', '1', 'python'), { title: 'a.py', fileName: 'a.py' });
      assert.deepEqual(splitTitle('My notes', '1', 'markdown'), { title: 'My notes', fileName: 'My notes.md' });
      assert.deepEqual(splitTitle('a/b', '1', undefined), { title: 'a/b', fileName: 'a_b.txt' });
      assert.deepEqual(splitTitle(undefined, '9', undefined), { title: undefined, fileName: 'paste-9.txt' });
    });
  });
});

describe('Modern Paste local server (as upstream)', () => {
  let server: ModernPasteServer;
  before(async () => {
    server = await startModernPasteServer({ attachmentsEnabled: true, maxAttachmentBytes: 10 });
  });
  after(() => server.close());

  const post = (path: string, payload: unknown, contentType = 'application/json') =>
    fetch(`${server.origin}${path}`, { method: 'POST', headers: { 'Content-Type': contentType }, body: JSON.stringify(payload) });

  test('API endpoints answer POST only (405 HTML otherwise); unknown routes are an HTML 404', async () => {
    const get = await fetch(`${server.origin}/api/paste/details`);
    assert.equal(get.status, 405);
    assert.match(get.headers.get('content-type') ?? '', /text\/html/);
    const unknown = await post('/api/paste/edit', {});
    assert.equal(unknown.status, 404);
    assert.match(await unknown.text(), /Not Found/);
    assert.equal((await post('/api/paste/details/', { paste_id: 1 })).status, 404, 'no trailing slash');
  });

  test('without a JSON content type the parameters are missing (400 incomplete_params_failure, key "failure")', async () => {
    const res = await post('/api/paste/submit', { contents: 'x' }, 'text/plain');
    assert.equal(res.status, 400);
    assert.deepEqual(await res.json(), { success: false, message: 'Required params are missing', failure: 'incomplete_params_failure' });
  });

  test('submit answers the bare paste (number id, token, url, no success key); details wraps it', async () => {
    const res = await post('/api/paste/submit', { contents: 'x', title: 't' });
    const created = (await res.json()) as Record<string, unknown>;
    assert.equal(res.status, 200);
    assert.equal(typeof created.paste_id_repr, 'number');
    assert.equal(typeof created.deactivation_token, 'string');
    assert.equal(created.url, `${server.origin}/paste/${String(created.paste_id_repr)}`);
    assert.ok(!('success' in created));
    const details = (await (await post('/api/paste/details', { paste_id: String(created.paste_id_repr) })).json()) as Record<string, unknown>;
    assert.equal(details.success, true);
    assert.equal((details.details as Record<string, unknown>).poster_username, 'Anonymous');
  });

  test('an attachment over MAX_ATTACHMENT_SIZE is 414 paste_attachment_too_large_failure', async () => {
    const res = await post('/api/paste/submit', { contents: 'x', attachments: [{ name: 'f', size: 1, mime_type: 'image/png', data: 'a'.repeat(40) }] });
    assert.equal(res.status, 414);
    assert.equal(((await res.json()) as Record<string, unknown>).failure, 'paste_attachment_too_large_failure');
  });

  test('recent needs page_num and num_per_page; an invalid page is undefined_failure 500', async () => {
    assert.equal((await post('/api/paste/recent', { page_num: 0 })).status, 400);
    assert.equal((await post('/api/paste/recent', { page_num: 'x', num_per_page: 2 })).status, 500);
    const past = (await (await post('/api/paste/recent', { page_num: 999, num_per_page: 5 })).json()) as Record<string, unknown>;
    assert.deepEqual(past.pastes, []);
  });
});
