import { strict as assert } from 'node:assert';
import { after, before, beforeEach, describe, test } from 'node:test';
import { PasteError, type PasteErrorKind } from '../../src/core/errors';
import { EXPIRY_SECONDS, type Credentials, type ExpiryId, type PasteProvider, type ProviderOptions } from '../../src/core/model';
import { PASTEEE_CAPABILITIES, createPasteEeProvider, pasteEeDate } from '../../src/providers/pasteee';
import { expirationMs, parsePhpForm, startPasteEeServer, type PasteEeServer } from '../servers/pasteee';

const PLANTED = 'PLANTED-pasteee-key-4d2b8e6f1a';

async function rejects(promise: Promise<unknown>, kind: PasteErrorKind): Promise<PasteError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof PasteError, `expected a PasteError, got ${String(err)}`);
    assert.equal(err.kind, kind, `expected ${kind}, got ${err.kind}: ${err.message}`);
    for (const text of [err.message, JSON.stringify(err), String(err.stack), err.serviceMessage ?? '']) {
      assert.ok(!text.includes(PLANTED), `the key leaked: ${text}`);
    }
    assert.ok(!err.message.includes('undefined'), err.message);
    return err;
  }
  assert.fail(`expected a PasteError of kind ${kind}, but the call succeeded`);
}

describe('paste.ee provider', () => {
  let server: PasteEeServer;
  const provider = (credentials: Credentials | undefined, extra: Partial<ProviderOptions> = {}): PasteProvider =>
    createPasteEeProvider({ baseUrl: server.origin, getCredentials: async () => credentials, timeoutMs: 3000, ...extra });
  let user: PasteProvider;
  let app: PasteProvider;

  before(async () => {
    server = await startPasteEeServer({ maxBodyBytes: 32 * 1024 });
  });
  after(async () => {
    await server.close();
  });
  beforeEach(() => {
    server.resetLog();
    user = provider({ key: server.userKey });
    app = provider({ key: server.applicationKey });
  });

  /** Asserts nothing reached the server while `fn` ran. */
  async function unsent(fn: () => Promise<unknown>): Promise<void> {
    const before = server.requests.length;
    await fn();
    assert.deepEqual(server.requests.slice(before).map((r) => `${r.method} ${r.path}`), []);
  }

  test('declares what paste.ee can do: multi-file, key-only, no edits, delete with the key, every expiry', () => {
    assert.deepEqual({ ...PASTEEE_CAPABILITIES }, {
      multiFile: true,
      createAnonymous: false,
      createWithKey: true,
      get: true,
      listOwn: true,
      listRecent: false,
      updateContent: false,
      updateMetadata: false,
      addFile: false,
      renameFile: false,
      removeFile: false,
      deleteWithKey: true,
      deleteWithDeletionKey: false,
      visibilities: [],
      expiries: Object.keys(EXPIRY_SECONDS),
      burnAfterRead: false,
      title: false,
      description: true,
      auth: 'apiKey',
    });
  });

  describe('create', () => {
    test('sends one JSON POST /v1/pastes with the key only in X-Auth-Token, and maps the answer', async () => {
      const paste = await user.create({ description: 'demo', files: [{ name: 'hello.py', content: 'print("hi")\n', language: 'python' }] });
      const posts = server.requestsTo('POST /v1/pastes');
      assert.equal(posts.length, 1);
      const post = posts[0]!;
      assert.equal(post.headers['x-auth-token'], server.userKey);
      assert.match(String(post.headers['content-type']), /^application\/json/);
      assert.equal(post.headers.authorization, undefined);
      assert.equal([...post.query].length, 0, 'nothing in the query string');
      assert.deepEqual(JSON.parse(post.body), {
        expiration: 'never',
        description: 'demo',
        sections: [{ name: 'hello.py', syntax: 'python', contents: 'print("hi")\n' }],
      });
      assert.match(paste.id, /^[A-Za-z0-9]{5}$/);
      assert.equal(paste.service, 'pasteee');
      assert.equal(paste.url, `${server.origin}/p/${paste.id}`);
      assert.equal(paste.description, 'demo');
      assert.equal(paste.expiresAt, undefined);
      assert.ok(!Number.isNaN(Date.parse(paste.createdAt!)));
      assert.equal(paste.complete, true);
      assert.deepEqual(paste.files, [
        {
          name: 'hello.py',
          content: 'print("hi")\n',
          language: 'python',
          serviceLanguage: 'python',
          size: 12,
          rawUrl: `${server.origin}/r/${paste.id}/0`,
        },
      ]);
      assert.equal(server.paste(paste.id)?.owner, 'alice', 'a UserApplication key attaches the paste to the account');
    });

    test('a multi-file create is exactly one POST with one section per file, in order', async () => {
      const paste = await user.create({
        files: [
          { name: 'a.ts', content: 'export {};\n', language: 'typescript' },
          { name: 'b.md', content: '# B\n' },
          { name: 'c.weird', content: 'c' },
        ],
      });
      assert.equal(server.requestsTo('POST /v1/pastes').length, 1);
      const body = JSON.parse(server.requestsTo('POST /v1/pastes')[0]!.body) as { sections: unknown[] };
      assert.deepEqual(body.sections, [
        { name: 'a.ts', syntax: 'typescript', contents: 'export {};\n' },
        { name: 'b.md', syntax: 'markdown', contents: '# B\n' },
        { name: 'c.weird', syntax: 'autodetect', contents: 'c' },
      ]);
      assert.deepEqual(server.stored(paste.id)?.files.map((f) => f.name), ['a.ts', 'b.md', 'c.weird']);
      assert.deepEqual(paste.files.map((f) => f.language), ['typescript', 'markdown', undefined]);
    });

    test('an Application key creates a paste that belongs to no account', async () => {
      const paste = await app.create({ files: [{ name: 'x.txt', content: 'x' }] });
      assert.equal(server.paste(paste.id)?.owner, undefined);
    });

    test('fetches GET /v1/syntaxes once per provider and only sends listed shorts, else autodetect', async () => {
      await user.create({ files: [{ name: 'a.jsx', content: 'a', language: 'javascriptreact' }] });
      await user.create({ files: [{ name: 'b', content: 'b', language: 'haskell' }] });
      await user.create({ files: [{ name: 'c.rs', content: 'c' }] });
      await user.create({ files: [{ name: 'd', content: 'd', language: 'plaintext' }] });
      await user.create({ files: [{ name: 'e', content: 'e', language: 'shellscript' }] });
      assert.equal(server.requestsTo('GET /v1/syntaxes').length, 1, 'the list is cached');
      const syntaxes = server.requestsTo('POST /v1/pastes').map((r) => (JSON.parse(r.body) as { sections: { syntax: string }[] }).sections[0]!.syntax);
      // jsx is not listed: JavaScript is the closest; haskell is not listed at all.
      assert.deepEqual(syntaxes, ['javascript', 'autodetect', 'rust', 'text', 'bash']);
      assert.equal(server.requestsTo('GET /v1/syntaxes')[0]!.headers['x-auth-token'], server.userKey);
      // A new provider instance fetches its own copy.
      await provider({ key: server.userKey }).create({ files: [{ name: 'f.py', content: 'f' }] });
      assert.equal(server.requestsTo('GET /v1/syntaxes').length, 2);
    });

    test('does not fetch syntaxes when no file has a known language', async () => {
      await user.create({ files: [{ name: 'notes', content: 'n' }] });
      assert.deepEqual(server.requests.map((r) => `${r.method} ${r.path}`), ['POST /v1/pastes']);
    });

    test('a failed syntax fetch falls back to autodetect and is not cached', async () => {
      server.fault({ route: 'GET /v1/syntaxes', status: 500, body: '<html>oops</html>', contentType: 'text/html', times: 1 });
      await user.create({ files: [{ name: 'a.py', content: 'a' }] });
      await user.create({ files: [{ name: 'b.py', content: 'b' }] });
      const syntaxes = server.requestsTo('POST /v1/pastes').map((r) => (JSON.parse(r.body) as { sections: { syntax: string }[] }).sections[0]!.syntax);
      assert.deepEqual(syntaxes, ['autodetect', 'python']);
      assert.equal(server.requestsTo('GET /v1/syntaxes').length, 2);
    });

    test('sends each expiry as paste.ee understands it; 10m goes as seconds, never as "10m" (ten months)', async () => {
      const expected: Record<ExpiryId, string> = {
        never: 'never', '10m': '600', '1h': '3600', '1d': '1d', '1w': '1w', '2w': '2w', '1mo': '1m', '6mo': '6m', '1y': '1y',
      };
      for (const expiry of PASTEEE_CAPABILITIES.expiries) {
        server.resetLog();
        const started = Date.now();
        const paste = await user.create({ expiry, files: [{ name: 'e', content: 'e' }] });
        const body = JSON.parse(server.requestsTo('POST /v1/pastes')[0]!.body) as { expiration: string };
        assert.equal(body.expiration, expected[expiry], expiry);
        const stored = server.paste(paste.id)!.expiresAt;
        if (expiry === 'never') {
          assert.equal(stored, null);
          assert.equal(paste.expiresAt, undefined);
        } else {
          const approx = started + EXPIRY_SECONDS[expiry]! * 1000;
          assert.ok(Math.abs(stored! - approx) < 4 * 86_400_000, `${expiry} stored near ${new Date(approx).toISOString()}`);
          assert.ok(Math.abs(Date.parse(paste.expiresAt!) - stored!) < 5000, `${expiry}: expiresAt matches the server`);
        }
      }
    });

    test('no expiry sends "never" instead of taking paste.ee\'s one-month default', async () => {
      const paste = await user.create({ files: [{ name: 'e', content: 'e' }] });
      assert.equal(server.paste(paste.id)!.expiresAt, null);
    });

    test('a title becomes the description (paste.ee has only a description)', async () => {
      const a = await user.create({ title: 'T', files: [{ name: 'a', content: 'a' }] });
      const b = await user.create({ title: 'T', description: 'D', files: [{ name: 'b', content: 'b' }] });
      assert.equal(server.paste(a.id)!.description, 'T');
      assert.equal(server.paste(b.id)!.description, 'T — D');
      assert.equal(a.title, undefined);
      assert.equal(b.description, 'T — D');
    });

    test('refuses what paste.ee cannot do before sending anything', async () => {
      await unsent(async () => {
        await rejects(user.create({ visibility: 'private', files: [{ name: 'a', content: 'a' }] }), 'unsupported');
        await rejects(user.create({ burnAfterRead: true, files: [{ name: 'a', content: 'a' }] }), 'unsupported');
        await rejects(user.create({ anonymous: true, files: [{ name: 'a', content: 'a' }] }), 'unsupported');
        await rejects(user.create({ files: [] }), 'invalid');
        await rejects(user.create({ files: [{ name: 'a', content: '' }] }), 'invalid');
        await rejects(user.create({ expiry: '3d' as ExpiryId, files: [{ name: 'a', content: 'a' }] }), 'invalid');
      });
    });

    test('the create response\'s link is the paste URL; a missing link falls back to the web base', async () => {
      server.fault({ route: 'POST /v1/pastes', status: 200, body: JSON.stringify({ id: 'AbCd1' }), times: 1 });
      const paste = await user.create({ files: [{ name: 'a', content: 'a' }] });
      assert.equal(paste.id, 'AbCd1');
      assert.equal(paste.url, `${server.origin}/p/AbCd1`);
      server.fault({ route: 'POST /v1/pastes', status: 200, body: JSON.stringify({ id: 'AbCd2', link: 'https://paste.ee/p/AbCd2' }), times: 1 });
      assert.equal((await user.create({ files: [{ name: 'a', content: 'a' }] })).url, 'https://paste.ee/p/AbCd2');
    });

    test('content over the server\'s body limit is tooLarge (nginx HTML 413)', async () => {
      const err = await rejects(user.create({ files: [{ name: 'big', content: 'x'.repeat(40 * 1024) }] }), 'tooLarge');
      assert.equal(err.status, 413);
    });

    test('a create answered 429 is sent once and is rateLimited with Retry-After', async () => {
      server.fault({ route: 'POST /v1/pastes', status: 429, retryAfter: 7, body: '{"message":"Too Many Attempts."}' });
      const err = await rejects(user.create({ files: [{ name: 'a', content: 'a' }] }), 'rateLimited');
      assert.equal(err.retryAfterSeconds, 7);
      assert.equal(err.serviceMessage, 'Too Many Attempts.');
      assert.equal(server.requestsTo('POST /v1/pastes').length, 1);
    });
  });

  describe('keys', () => {
    test('every call without a key is an auth error that names the keys, and sends nothing', async () => {
      const none = provider(undefined);
      const empty = provider({ key: '   ' });
      await unsent(async () => {
        for (const p of [none, empty]) {
          const err = await rejects(p.create({ files: [{ name: 'a', content: 'a' }] }), 'auth');
          assert.match(err.message, /Application key/);
          assert.match(err.message, /UserApplication key/);
          await rejects(p.get('AbCde'), 'auth');
          await rejects(p.delete('AbCde'), 'auth');
          await rejects(p.whoAmI(), 'auth');
          const list = await rejects(p.listOwn(), 'auth');
          assert.match(list.message, /UserApplication key/);
        }
      });
    });

    test('a wrong key is a 401 auth error that never shows the key; nothing is created', async () => {
      const wrong = provider({ key: PLANTED });
      const err = await rejects(wrong.create({ files: [{ name: 'a.py', content: 'a' }] }), 'auth');
      assert.equal(err.status, 401);
      assert.equal(server.requestsTo('POST /v1/pastes').length, 0, 'the syntax fetch already failed with 401');
      const get = await rejects(wrong.get('AbCde'), 'auth');
      assert.equal(get.serviceMessage, 'key: Invalid API key.');
    });

    test('listing with an Application key is a 403 auth error saying a UserApplication key is needed', async () => {
      const err = await rejects(app.listOwn(), 'auth');
      assert.equal(err.status, 403);
      assert.match(err.message, /UserApplication key/);
      assert.equal(server.requestsTo('GET /v1/pastes').length, 1);
    });

    test('whoAmI reports the key type from GET /v1/users/info', async () => {
      assert.deepEqual(await user.whoAmI(), { keyType: 'UserApplication' });
      assert.deepEqual(await app.whoAmI(), { keyType: 'Application' });
      assert.equal(server.requestsTo('GET /v1/users/info').length, 2);
    });

    test('a key planted in an error body is redacted from the message', async () => {
      const planted = provider({ key: PLANTED });
      server.fault({ status: 400, body: JSON.stringify({ errors: [{ field: 'key', message: `bad key ${PLANTED}` }] }) });
      const err = await rejects(planted.get('AbCde'), 'invalid');
      assert.equal(err.serviceMessage, 'key: bad key [redacted]');
    });

    test('never sends the key over plain http to a non-loopback host', async () => {
      const seen: string[] = [];
      const remote = provider({ key: PLANTED }, {
        baseUrl: 'http://paste.example.invalid',
        fetch: async (input) => {
          seen.push(String(input));
          throw new TypeError('fetch failed');
        },
      });
      await rejects(remote.get('AbCde'), 'invalid');
      assert.deepEqual(seen, []);
    });
  });

  describe('get', () => {
    test('GET /v1/pastes/{id} maps sections, dates, views and languages', async () => {
      const created = await user.create({
        description: 'two',
        expiry: '1d',
        files: [
          { name: 'one.py', content: 'print(1)\n', language: 'python' },
          { name: 'two.txt', content: 'héllo' },
        ],
      });
      server.resetLog();
      const paste = await user.get(created.id);
      const request = server.requests[0]!;
      assert.equal(`${request.method} ${request.path}`, `GET /v1/pastes/${created.id}`);
      assert.equal(request.headers['x-auth-token'], server.userKey);
      const stored = server.paste(created.id)!;
      assert.equal(paste.id, created.id);
      assert.equal(paste.description, 'two');
      assert.equal(paste.views, 0);
      assert.equal(paste.createdAt, new Date(Math.floor(stored.createdAt / 1000) * 1000).toISOString());
      assert.equal(paste.expiresAt, new Date(Math.floor(stored.expiresAt! / 1000) * 1000).toISOString());
      assert.equal(paste.url, `${server.origin}/p/${created.id}`);
      assert.equal(paste.complete, true);
      assert.deepEqual(paste.files, [
        { id: String(stored.sections[0]!.id), name: 'one.py', content: 'print(1)\n', size: 9, language: 'python', serviceLanguage: 'python', rawUrl: `${server.origin}/r/${created.id}/0` },
        { id: String(stored.sections[1]!.id), name: 'two.txt', content: 'héllo', size: 6, language: 'plaintext', serviceLanguage: 'text', rawUrl: `${server.origin}/r/${created.id}/1` },
      ]);
      assert.equal((await user.get(created.id)).views, 1);
      // The raw URLs answer with the section's contents.
      assert.equal(await (await fetch(paste.files[1]!.rawUrl!)).text(), 'héllo');
    });

    test('an autodetect section takes its language from the file name', async () => {
      // Haskell is not in the server's syntax list, so the section is sent as autodetect.
      const created = await app.create({ files: [{ name: 'Main.hs', content: 'main = pure ()' }] });
      server.resetLog();
      const paste = await app.get(created.id);
      assert.equal(paste.files[0]!.serviceLanguage, 'autodetect');
      assert.equal(paste.files[0]!.language, 'haskell');
    });

    test('a missing or expired paste is notFound with paste.ee\'s message', async () => {
      const err = await rejects(user.get('Zz9Qx'), 'notFound');
      assert.equal(err.status, 404);
      assert.equal(err.serviceMessage, 'id: Paste not found.');
      const created = await user.create({ expiry: '10m', files: [{ name: 'a', content: 'a' }] });
      server.expire(created.id);
      await rejects(user.get(created.id), 'notFound');
    });

    test('an encrypted paste is refused as unsupported (PasteDeck cannot decrypt it)', async () => {
      const res = await fetch(`${server.origin}/v1/pastes`, {
        method: 'POST',
        headers: { 'X-Auth-Token': server.userKey, 'Content-Type': 'application/json' },
        body: JSON.stringify({ encrypted: true, sections: [{ contents: 'ciphertext' }] }),
      });
      const { id } = (await res.json()) as { id: string };
      const err = await rejects(user.get(id), 'unsupported');
      assert.match(err.message, /encrypted/);
    });

    test('an empty id is invalid and sends nothing', async () => {
      await unsent(() => rejects(user.get('  '), 'invalid'));
    });

    test('reads are retried after a 429 and a dropped connection', async () => {
      const created = await user.create({ files: [{ name: 'a', content: 'a' }] });
      server.resetLog();
      server.fault({ route: `GET /v1/pastes/${created.id}`, status: 429, retryAfter: 0, times: 1 });
      server.fault({ route: `GET /v1/pastes/${created.id}`, drop: true, times: 1 });
      assert.equal((await user.get(created.id)).id, created.id);
      assert.equal(server.requestsTo(`GET /v1/pastes/${created.id}`).length, 3);
    });
  });

  describe('listOwn', () => {
    test('GET /v1/pastes?perpage=&page= walks pages by current_page/last_page with an opaque cursor', async () => {
      const fresh = await startPasteEeServer();
      try {
        const ids = fresh.seed(7);
        fresh.seed(3, { owned: false });
        const mine = createPasteEeProvider({ baseUrl: fresh.origin, getCredentials: async () => ({ key: fresh.userKey }) });
        const first = await mine.listOwn({ limit: 3 });
        assert.equal(first.items.length, 3);
        assert.ok(first.next);
        const req = fresh.requestsTo('GET /v1/pastes')[0]!;
        assert.equal(req.query.get('perpage'), '3');
        assert.equal(req.query.get('page'), '1');
        assert.equal(req.headers['x-auth-token'], fresh.userKey);
        // A later limit does not shift the pages: the cursor keeps the page size.
        const second = await mine.listOwn({ cursor: first.next, limit: 50 });
        const third = await mine.listOwn({ cursor: second.next });
        assert.equal(third.next, undefined);
        const seen = [...first.items, ...second.items, ...third.items].map((p) => p.id);
        assert.deepEqual([...seen].sort(), [...ids].sort());
        assert.deepEqual(fresh.requestsTo('GET /v1/pastes').map((r) => `${r.query.get('page')}/${r.query.get('perpage')}`), ['1/3', '2/3', '3/3']);
        const item = first.items[0]!;
        assert.equal(item.complete, true);
        assert.ok(item.createdAt && !Number.isNaN(Date.parse(item.createdAt)));
        assert.equal(item.files[0]!.language, 'plaintext');
        assert.equal(item.files[0]!.id, undefined, 'listed sections carry no id');
      } finally {
        await fresh.close();
      }
    });

    test('the default page size is 25 and a foreign cursor is invalid without a request', async () => {
      await user.listOwn();
      assert.equal(server.requestsTo('GET /v1/pastes')[0]!.query.get('perpage'), '25');
      await unsent(() => rejects(user.listOwn({ cursor: 'page=2' }), 'invalid'));
    });

    test('next_page_url is used when the paginator numbers are missing; an empty page ends the walk', async () => {
      server.fault({ route: 'GET /v1/pastes', status: 200, body: JSON.stringify({ next_page_url: 'x', data: [{ id: 'AbCd1', sections: [] }] }), times: 1 });
      const page = await user.listOwn({ limit: 5 });
      assert.equal(page.next, '2:5');
      assert.equal(page.items[0]!.complete, false);
      server.fault({ route: 'GET /v1/pastes', status: 200, body: JSON.stringify({ current_page: 2, last_page: 9, data: [] }), times: 1 });
      assert.equal((await user.listOwn({ cursor: page.next })).next, undefined);
    });
  });

  describe('no edits, delete with the key', () => {
    test('every update is unsupported and sends nothing', async () => {
      await unsent(async () => {
        await rejects(user.update('AbCde', { title: 'x' }), 'unsupported');
        await rejects(user.update('AbCde', { description: 'x' }), 'unsupported');
        await rejects(user.update('AbCde', { expiry: '1d' }), 'unsupported');
        await rejects(user.update('AbCde', { files: [{ kind: 'update', id: '1', content: 'x' }] }), 'unsupported');
        await rejects(user.update('AbCde', { files: [{ kind: 'add', name: 'n', content: 'n' }] }), 'unsupported');
        await rejects(user.update('AbCde', { files: [{ kind: 'update', id: '1', name: 'n' }] }), 'unsupported');
        await rejects(user.update('AbCde', { files: [{ kind: 'remove', id: '1' }] }), 'unsupported');
        await rejects(user.listRecent(), 'unsupported');
      });
    });

    test('DELETE /v1/pastes/{id} with the key removes the paste', async () => {
      const created = await user.create({ files: [{ name: 'a', content: 'a' }] });
      server.resetLog();
      await user.delete(created.id);
      const req = server.requests[0]!;
      assert.equal(`${req.method} ${req.path}`, `DELETE /v1/pastes/${created.id}`);
      assert.equal(req.headers['x-auth-token'], server.userKey);
      assert.equal(server.stored(created.id), undefined);
      await rejects(user.delete(created.id), 'notFound');
    });

    test('a deletion key is unsupported and sends nothing', async () => {
      await unsent(() => rejects(user.delete('AbCde', { deletionKey: 'k' }), 'unsupported'));
    });

    test('deleting someone else\'s paste is a 403 auth error', async () => {
      const created = await user.create({ files: [{ name: 'a', content: 'a' }] });
      const err = await rejects(app.delete(created.id), 'auth');
      assert.equal(err.status, 403);
      assert.ok(server.stored(created.id));
      const own = await app.create({ files: [{ name: 'b', content: 'b' }] });
      await app.delete(own.id);
      assert.equal(server.stored(own.id), undefined);
    });

    test('a 204 or {success:true} is a delete; {success:false} with 200 is an error', async () => {
      server.fault({ route: 'DELETE /v1/pastes/*', status: 204, body: '', times: 1 });
      await user.delete('AbCde');
      server.fault({ route: 'DELETE /v1/pastes/*', status: 200, body: '{"success":false,"errors":[{"message":"Could not delete."}]}', times: 1 });
      const err = await rejects(user.delete('AbCde'), 'server');
      assert.equal(err.serviceMessage, 'Could not delete.');
    });
  });

  describe('bad responses', () => {
    const corpus: { name: string; status: number; body: string; contentType?: string; kind: PasteErrorKind; message?: string }[] = [
      { name: 'HTML with 200', status: 200, body: '<!doctype html><title>Cloudflare</title>', contentType: 'text/html', kind: 'server' },
      { name: 'HTML 503 maintenance', status: 503, body: '<html><body>Down for maintenance</body></html>', contentType: 'text/html', kind: 'server' },
      { name: 'an empty 200', status: 200, body: '', kind: 'server' },
      { name: 'truncated JSON', status: 200, body: '{"success":true,"paste":{"id":"Ab', kind: 'server' },
      { name: 'null', status: 200, body: 'null', kind: 'server' },
      { name: 'an array', status: 200, body: '[{"id":"AbCde"}]', kind: 'server' },
      { name: 'paste: null', status: 200, body: '{"success":true,"paste":null}', kind: 'server' },
      { name: 'paste as an array', status: 200, body: '{"success":true,"paste":[]}', kind: 'server' },
      { name: 'a paste without id', status: 200, body: '{"success":true,"paste":{"sections":[]}}', kind: 'server' },
      { name: 'an id of the wrong type', status: 200, body: '{"success":true,"paste":{"id":{},"sections":[]}}', kind: 'server' },
      { name: 'an empty id', status: 200, body: '{"success":true,"paste":{"id":"","sections":[]}}', kind: 'server' },
      { name: 'sections not an array', status: 200, body: '{"success":true,"paste":{"id":"AbCde","sections":"x"}}', kind: 'server' },
      { name: 'a 200 error envelope', status: 200, body: '{"success":false,"errors":[{"field":"id","message":"Broken."}]}', kind: 'server', message: 'id: Broken.' },
      { name: '{message} on 500', status: 500, body: '{"message":"Server Error"}', kind: 'server', message: 'Server Error' },
      { name: '{error} on 400', status: 400, body: '{"error":"Bad things"}', kind: 'invalid', message: 'Bad things' },
      { name: 'Laravel validation errors', status: 422, body: '{"errors":{"sections":["The sections field is required."]}}', kind: 'invalid', message: 'sections: The sections field is required.' },
      { name: 'plain text 418', status: 418, body: "I'm a teapot", contentType: 'text/plain', kind: 'invalid', message: "I'm a teapot" },
    ];
    for (const bad of corpus) {
      test(`get: ${bad.name} → ${bad.kind}`, async () => {
        server.fault({ route: 'GET /v1/pastes/*', status: bad.status, body: bad.body, contentType: bad.contentType ?? 'application/json' });
        try {
          const err = await rejects(createPasteEeProvider({ baseUrl: server.origin, getCredentials: async () => ({ key: server.userKey }) }).get('AbCde'), bad.kind);
          if (bad.message) assert.equal(err.serviceMessage, bad.message);
          if (bad.contentType === 'text/html') assert.equal(err.serviceMessage, undefined, 'an HTML page is not a message');
        } finally {
          server.clearFaults();
        }
      });
    }

    test('sections with wrong field types still give string names and an incomplete paste', async () => {
      server.fault({
        route: 'GET /v1/pastes/*',
        status: 200,
        body: JSON.stringify({ success: true, paste: { id: 12345, description: 7, views: 'many', created_at: 'yesterday', sections: [{ name: 5, contents: 9, syntax: [] }, 'x', null] } }),
        times: 1,
      });
      const paste = await user.get('AbCde');
      assert.equal(paste.id, '12345');
      assert.equal(paste.description, undefined);
      assert.equal(paste.views, undefined);
      assert.equal(paste.createdAt, undefined);
      assert.equal(paste.complete, false);
      assert.deepEqual(paste.files.map((f) => f.name), ['New Paste 1', 'New Paste 2', 'New Paste 3']);
      assert.ok(paste.files.every((f) => f.content === undefined && f.language === undefined));
    });

    test('create: a success body without a usable id is a bad response', async () => {
      for (const body of ['{"link":"https://paste.ee/p/x"}', '{"id":{},"link":7}', '{"id":null}', 'null', '']) {
        server.fault({ route: 'POST /v1/pastes', status: 200, body, times: 1 });
        await rejects(user.create({ files: [{ name: 'a', content: 'a' }] }), 'server');
      }
    });

    test('list: data missing or an item without id is a bad response', async () => {
      for (const body of ['{"current_page":1,"last_page":1}', '{"data":{"id":"x"}}', '{"data":[{"description":"no id"}]}', '{"data":[null]}']) {
        server.fault({ route: 'GET /v1/pastes', status: 200, body, times: 1 });
        await rejects(user.listOwn(), 'server');
      }
    });

    test('whoAmI: a body without a type is a bad response', async () => {
      for (const body of ['{}', '{"type":5}', '[]']) {
        server.fault({ route: 'GET /v1/users/info', status: 200, body, times: 1 });
        await rejects(user.whoAmI(), 'server');
      }
    });

    test('a syntax list of the wrong shape falls back to autodetect', async () => {
      server.fault({ route: 'GET /v1/syntaxes', status: 200, body: '{"syntaxes":"python"}', times: 1 });
      await user.create({ files: [{ name: 'a.py', content: 'a' }] });
      const body = JSON.parse(server.requestsTo('POST /v1/pastes')[0]!.body) as { sections: { syntax: string }[] };
      assert.equal(body.sections[0]!.syntax, 'autodetect');
    });
  });

  describe('cancellation and timeouts', () => {
    test('an already aborted signal sends nothing', async () => {
      const controller = new AbortController();
      controller.abort();
      await unsent(() => rejects(user.get('AbCde', { signal: controller.signal }), 'cancelled'));
    });

    test('aborting a create in flight cancels it', async () => {
      server.fault({ route: 'POST /v1/pastes', delayMs: 500 });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      await rejects(user.create({ files: [{ name: 'a', content: 'a' }] }, { signal: controller.signal }), 'cancelled');
      server.clearFaults();
    });

    test('aborting during the syntax fetch cancels the create before it is sent', async () => {
      server.fault({ route: 'GET /v1/syntaxes', delayMs: 500 });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      await rejects(user.create({ files: [{ name: 'a.py', content: 'a' }] }, { signal: controller.signal }), 'cancelled');
      server.clearFaults();
      assert.equal(server.requestsTo('POST /v1/pastes').length, 0);
    });
  });

  test('a create sharing a syntax fetch that another call cancelled still goes through', async () => {
    const fresh = provider({ key: server.userKey });
    server.fault({ route: 'GET /v1/syntaxes', delayMs: 300, times: 1 });
    const controller = new AbortController();
    const cancelled = fresh.create({ files: [{ name: 'a.py', content: 'a' }] }, { signal: controller.signal });
    const other = fresh.create({ files: [{ name: 'b.py', content: 'b' }] });
    setTimeout(() => controller.abort(), 50);
    await rejects(cancelled, 'cancelled');
    const paste = await other;
    assert.equal(paste.files[0]!.serviceLanguage, 'python');
    assert.equal(server.requestsTo('POST /v1/pastes').length, 1);
  });

  describe('URLs', () => {
    test('idFromUrl knows this instance\'s web, raw and API URLs and nothing else', () => {
      assert.equal(user.idFromUrl(`${server.origin}/p/AbCde`), 'AbCde');
      assert.equal(user.idFromUrl(`${server.origin}/p/AbCde#key`), 'AbCde');
      assert.equal(user.idFromUrl(`${server.origin}/r/AbCde/1`), 'AbCde');
      assert.equal(user.idFromUrl(`${server.origin}/v1/pastes/AbCde`), 'AbCde');
      assert.equal(user.idFromUrl(`${server.origin}/v1/pastes/file`), undefined);
      assert.equal(user.idFromUrl('https://paste.ee/p/AbCde'), undefined);
      assert.equal(user.idFromUrl('not a url'), undefined);
      const real = createPasteEeProvider({ baseUrl: 'https://api.paste.ee/v1' });
      assert.equal(real.idFromUrl('https://paste.ee/p/lLt1W'), 'lLt1W');
      assert.equal(real.idFromUrl('https://www.paste.ee/d/lLt1W/0'), 'lLt1W');
      assert.equal(real.idFromUrl('https://api.paste.ee/v1/pastes/lLt1W'), 'lLt1W');
      assert.equal(real.idFromUrl('https://paste.gg/p/lLt1W'), undefined);
      assert.equal(real.idFromUrl('https://paste.ee/account'), undefined);
    });

    test('the base URL may name /v1 or not, with or without a trailing slash', async () => {
      for (const baseUrl of [server.origin, `${server.origin}/`, `${server.origin}/v1`, `${server.origin}/v1/`]) {
        server.resetLog();
        await provider({ key: server.userKey }, { baseUrl }).whoAmI();
        assert.deepEqual(server.requests.map((r) => r.path), ['/v1/users/info'], baseUrl);
      }
      await assert.rejects(async () => createPasteEeProvider({ baseUrl: 'nope' }), (e) => e instanceof PasteError && e.kind === 'invalid');
    });

    test('the real service\'s pastes live on https://paste.ee', async () => {
      let sent = '';
      const real = createPasteEeProvider({
        baseUrl: 'https://api.paste.ee/v1',
        getCredentials: async () => ({ key: 'k'.repeat(10) }),
        fetch: async (input) => {
          sent = String(input);
          return new Response(JSON.stringify({ success: true, paste: { id: 'lLt1W', created_at: '2015-11-10 22:15:41', expires_at: null, sections: [{ id: 0, name: 'New Paste', syntax: 'autodetect', contents: 'Something meow' }] } }), {
            headers: { 'Content-Type': 'application/json' },
          });
        },
      });
      const paste = await real.get('lLt1W');
      assert.equal(sent, 'https://api.paste.ee/v1/pastes/lLt1W');
      assert.equal(paste.url, 'https://paste.ee/p/lLt1W');
      assert.equal(paste.files[0]!.rawUrl, 'https://paste.ee/r/lLt1W/0');
      assert.equal(paste.files[0]!.id, '0');
      assert.equal(paste.createdAt, '2015-11-10T22:15:41.000Z');
      assert.equal(paste.expiresAt, undefined);
    });

    test('paste.ee dates become ISO 8601', () => {
      assert.equal(pasteEeDate('2015-11-10 22:15:41'), '2015-11-10T22:15:41.000Z');
      assert.equal(pasteEeDate('2015-11-10T22:15:41+02:00'), '2015-11-10T20:15:41.000Z');
      assert.equal(pasteEeDate(1447193741), '2015-11-10T22:15:41.000Z');
      assert.equal(pasteEeDate('soon'), undefined);
      assert.equal(pasteEeDate(null), undefined);
      assert.equal(pasteEeDate('2015-13-45 99:99:99'), undefined);
    });
  });
});

describe('paste.ee local server', () => {
  let server: PasteEeServer;
  before(async () => {
    server = await startPasteEeServer();
  });
  after(async () => {
    await server.close();
  });
  const call = (path: string, init: RequestInit = {}) => fetch(`${server.origin}${path}`, { redirect: 'manual', ...init });

  test('accepts the key as header, query or body parameter, or Basic username; 401 otherwise', async () => {
    const ok = [
      await call('/v1/users/info', { headers: { 'X-Auth-Token': server.userKey } }),
      await call(`/v1/users/info?key=${server.userKey}`),
      await call('/v1/users/info', { headers: { Authorization: `Basic ${Buffer.from(`${server.applicationKey}:`).toString('base64')}` } }),
    ];
    assert.deepEqual(await Promise.all(ok.map(async (r) => [r.status, ((await r.json()) as { type: string }).type])), [
      [200, 'UserApplication'],
      [200, 'UserApplication'],
      [200, 'Application'],
    ]);
    const form = await call('/v1/pastes', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `key=${server.applicationKey}&description=form&expiration=2d&sections[0][name]=a.txt&sections[0][contents]=A&sections[1][contents]=B&sections[1][syntax]=python`,
    });
    assert.equal(form.status, 200);
    const { id, link } = (await form.json()) as { id: string; link: string };
    assert.equal(link, `${server.origin}/p/${id}`);
    const stored = server.paste(id)!;
    assert.deepEqual(stored.sections.map((s) => [s.name, s.syntax, s.contents]), [['a.txt', 'autodetect', 'A'], ['New Paste 2', 'python', 'B']]);
    assert.equal(stored.description, 'form');
    for (const headers of [{}, { 'X-Auth-Token': 'wrong-key' }] as Record<string, string>[]) {
      const res = await call('/v1/users/info', { headers });
      assert.equal(res.status, 401);
      assert.equal(((await res.json()) as { success: boolean }).success, false);
    }
  });

  test('validates creates: no sections, empty contents and unknown syntaxes are 400', async () => {
    const post = (body: unknown) =>
      call('/v1/pastes', { method: 'POST', headers: { 'X-Auth-Token': server.userKey, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    for (const [body, field] of [
      [{}, 'sections'],
      [{ sections: [] }, 'sections'],
      [{ sections: [{ contents: '' }] }, 'sections.0.contents'],
      [{ sections: [{ contents: 'x', syntax: 'klingon' }] }, 'sections.0.syntax'],
      [{ sections: [{ contents: 'x' }], expiration: '10x' }, 'expiration'],
    ] as const) {
      const res = await post(body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(((await res.json()) as { errors: { field: string }[] }).errors[0]!.field, field);
    }
    const res = await post({ sections: [{ contents: 'x' }] });
    const { id } = (await res.json()) as { id: string };
    assert.ok(server.paste(id)!.expiresAt! > Date.now() + 27 * 86_400_000, 'the default expiration is one month');
  });

  test('answers like a web server: HTML 404, 405 for wrong methods, 301 for a trailing slash, 406 for other formats', async () => {
    const headers = { 'X-Auth-Token': server.userKey };
    const unknown = await call('/v1/nothing', { headers });
    assert.equal(unknown.status, 404);
    assert.match(unknown.headers.get('content-type') ?? '', /text\/html/);
    assert.equal((await call('/v1/pastes', { method: 'PUT', headers })).status, 405);
    assert.equal((await call('/v1/pastes/AbCde', { method: 'PATCH', headers })).status, 405);
    const slash = await call('/v1/pastes/?page=2', { headers });
    assert.equal(slash.status, 301);
    assert.equal(slash.headers.get('location'), `${server.origin}/v1/pastes?page=2`);
    assert.equal((await call('/v1/users/info', { headers: { ...headers, Accept: 'text/html' } })).status, 406);
  });

  test('lists syntaxes and one syntax, and authenticates alice for a UserApplication key', async () => {
    const headers = { 'X-Auth-Token': server.applicationKey };
    const all = (await (await call('/v1/syntaxes', { headers })).json()) as { syntaxes: { id: number; short: string }[] };
    assert.equal(all.syntaxes[0]!.short, 'autodetect');
    const one = (await (await call('/v1/syntaxes/2', { headers })).json()) as { syntax: { id: string; short: string } };
    assert.deepEqual(one.syntax, { id: '2', short: 'text', name: 'Text' });
    const auth = await call('/v1/users/authenticate', {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'alice', password: server.password }),
    });
    assert.equal(((await auth.json()) as { key: string }).key, server.userKey);
    const wrong = await call('/v1/users/authenticate', { method: 'POST', headers, body: 'username=alice&password=nope' });
    assert.equal(wrong.status, 401);
  });

  test('expiration parsing and PHP-style forms', () => {
    const now = Date.UTC(2024, 0, 31);
    assert.equal(expirationMs('never', now), null);
    assert.equal(expirationMs('600', now), now + 600_000);
    assert.equal(expirationMs(3600, now), now + 3_600_000);
    assert.equal(expirationMs('2w', now), now + 14 * 86_400_000);
    assert.equal(new Date(expirationMs('1y', now)!).toISOString(), '2025-01-31T00:00:00.000Z');
    assert.equal(expirationMs('1d2h', now), undefined);
    assert.equal(expirationMs('0', now), undefined);
    assert.deepEqual(parsePhpForm('a=1&s[0][n]=x&s[1][n]=y&t[]=p&t[]=q'), { a: '1', s: { 0: { n: 'x' }, 1: { n: 'y' } }, t: { 0: 'p', 1: 'q' } });
  });
});
