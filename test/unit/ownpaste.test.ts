import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { DigestSession, selectDigestChallenge } from '../../src/core/digest';
import { PasteError, type PasteErrorKind } from '../../src/core/errors';
import type { Credentials, PasteProvider, ProviderOptions } from '../../src/core/model';
import { createOwnPasteProvider, OWNPASTE_CAPABILITIES } from '../../src/providers/ownpaste';
import type { RecordedRequest } from '../servers/base';
import { startOwnPasteServer, type OwnPasteServer, type OwnPasteServerOptions } from '../servers/ownpaste';

const PLANTED = 'PLANTED-ownpaste-password-5d1c';

async function withServer(options: OwnPasteServerOptions, run: (server: OwnPasteServer) => Promise<void>): Promise<void> {
  const server = await startOwnPasteServer(options);
  try {
    await run(server);
  } finally {
    await server.close();
  }
}

/** A provider for `server`; credentials `null` means none configured. */
function providerFor(server: OwnPasteServer, credentials: Credentials | null = server.validCredentials, extra: Partial<ProviderOptions> = {}): PasteProvider {
  return createOwnPasteProvider({ baseUrl: server.origin, getCredentials: async () => credentials ?? undefined, ...extra });
}

/** The fields of a Digest Authorization header. */
function digestFields(header: unknown): Record<string, string> {
  assert.equal(typeof header, 'string', 'an Authorization header was sent');
  assert.match(header as string, /^Digest /);
  const out: Record<string, string> = {};
  const re = /([\w*-]+)=(?:"((?:[^"\\]|\\.)*)"|([^,\s]+))/g;
  for (let m = re.exec(header as string); m; m = re.exec(header as string)) out[m[1]!] = m[2] ?? m[3]!;
  return out;
}

const line = (r: RecordedRequest) => `${r.method} ${r.path}${[...r.query].length ? `?${r.query.toString()}` : ''}`;
const md5 = (s: string) => createHash('md5').update(s).digest('hex');

async function rejects(promise: Promise<unknown>, kind: PasteErrorKind): Promise<PasteError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof PasteError, `expected a PasteError, got ${String(err)}`);
    assert.equal(err.kind, kind, err.message);
    assert.ok(!err.message.includes(PLANTED), `the message leaks the password: ${err.message}`);
    assert.ok(!JSON.stringify(err).includes(PLANTED));
    assert.ok(!String(err.stack).includes(PLANTED));
    return err;
  }
  assert.fail(`expected a PasteError of kind ${kind}`);
}

describe('ownpaste server (faithful to upstream)', () => {
  test('redirects a path without its trailing slash with 308, keeping the query, for reads and writes', () =>
    withServer({}, async (server) => {
      for (const [method, path] of [['GET', '/paste?page=2'], ['POST', '/paste'], ['DELETE', '/paste/3'], ['GET', '/paste/3/raw']] as const) {
        const res = await fetch(`${server.origin}${path}`, { method, redirect: 'manual', headers: { Accept: 'application/json' } });
        assert.equal(res.status, 308, `${method} ${path}`);
        const [p, q] = path.split('?');
        assert.equal(res.headers.get('location'), `${server.origin}${p}/${q ? `?${q}` : ''}`);
      }
    }));

  test('answers HTML unless Accept prefers application/json, and lists languages under "languages"', () =>
    withServer({}, async (server) => {
      const html = await fetch(`${server.origin}/`, { headers: { Accept: '*/*' } });
      assert.match(html.headers.get('content-type') ?? '', /text\/html/);
      const mixed = await fetch(`${server.origin}/`, { headers: { Accept: 'text/html, application/json;q=0.9' } });
      assert.match(mixed.headers.get('content-type') ?? '', /text\/html/);
      const res = await fetch(`${server.origin}/`, { headers: { Accept: 'application/json' } });
      const body = (await res.json()) as { status: string; languages: Record<string, string> };
      assert.equal(body.status, 'ok');
      for (const alias of ['python', 'javascript', 'c', 'cpp', 'rust', 'text', 'bash', 'json']) assert.equal(typeof body.languages[alias], 'string', alias);
      assert.ok(Object.keys(body.languages).length >= 30);
    }));

  test('challenges with realm "ownpaste", qop "auth", MD5 and no opaque; JSON body only when asked', () =>
    withServer({}, async (server) => {
      const res = await fetch(`${server.origin}/paste/?private=1`, { headers: { Accept: 'application/json' } });
      assert.equal(res.status, 401);
      assert.deepEqual(await res.json(), { status: 'fail', error: 'Authentication required' });
      const header = res.headers.get('www-authenticate') ?? '';
      assert.match(header, /^Digest realm="ownpaste", nonce="[0-9a-f]{16}", qop="auth", algorithm=MD5$/);
      assert.doesNotMatch(header, /opaque/);
      const page = await fetch(`${server.origin}/paste/?private=1`);
      assert.equal(page.status, 401);
      assert.match(await page.text(), /<h1>Unauthorized<\/h1>/);
    }));

  test('verifies the digest: right answer passes, replay / wrong uri / wrong password do not, and a client is blocked after repeated failures', () =>
    withServer({ ipBlockHits: 3 }, async (server) => {
      const first = await fetch(`${server.origin}/paste/?private=1`, { headers: { Accept: 'application/json' } });
      const session = new DigestSession(selectDigestChallenge(first.headers.get('www-authenticate'))!);
      const get = (authorization: string, path = '/paste/?private=1') =>
        fetch(`${server.origin}${path}`, { headers: { Accept: 'application/json', Authorization: authorization } });
      const good = session.authorize('GET', '/paste/?private=1', server.validCredentials as { username: string; password: string });
      assert.equal((await get(good)).status, 200);
      assert.equal((await get(good)).status, 401, 'the same nc and cnonce again is a replay');
      assert.equal((await get(session.authorize('GET', '/paste/?page=2', { username: 'alice', password: 'wonderland-42' }))).status, 400, 'uri is not this request');
      const wrong = () => get(session.authorize('GET', '/paste/?private=1', { username: 'alice', password: 'nope' }));
      const refused = await wrong();
      assert.equal(refused.status, 401);
      assert.notEqual(selectDigestChallenge(refused.headers.get('www-authenticate'))?.nonce, session.challenge.nonce, 'a fresh challenge');
      assert.equal((await wrong()).status, 401);
      const blocked = await wrong();
      assert.equal(blocked.status, 403);
      assert.deepEqual(await blocked.json(), { status: 'fail', error: "Forbidden: You don't have the permission to access the requested resource" });
    }));

  test('a nonce made stale is refused with 401 stale=TRUE when the answer is otherwise right', () =>
    withServer({}, async (server) => {
      const first = await fetch(`${server.origin}/paste/?private=1`);
      const session = new DigestSession(selectDigestChallenge(first.headers.get('www-authenticate'))!);
      server.expireNonces();
      const res = await fetch(`${server.origin}/paste/?private=1`, {
        headers: { Authorization: session.authorize('GET', '/paste/?private=1', { username: 'alice', password: 'wonderland-42' }) },
      });
      assert.equal(res.status, 401);
      assert.equal(selectDigestChallenge(res.headers.get('www-authenticate'))?.stale, true);
    }));

  test('PATCH treats missing and null alike (unchanged) and answers the short form', () =>
    withServer({}, async (server) => {
      const stored = server.add({ content: 'a\nb\nc\nd\ne\nf\n', fileName: 'x.py', language: 'python', private: true });
      const challenge = await fetch(`${server.origin}/paste/?private=1`);
      const session = new DigestSession(selectDigestChallenge(challenge.headers.get('www-authenticate'))!);
      const res = await fetch(`${server.origin}/paste/${stored.paste_id}/`, {
        method: 'PATCH',
        headers: {
          Accept: 'application/json',
          'Content-Type': 'application/json',
          Authorization: session.authorize('PATCH', `/paste/${stored.paste_id}/`, { username: 'alice', password: 'wonderland-42' }),
        },
        body: JSON.stringify({ file_name: null, language: null, private: null, file_content: null }),
      });
      assert.equal(res.status, 200);
      const body = (await res.json()) as Record<string, unknown>;
      assert.equal(body.file_content_preview, 'a\nb\nc\nd\ne');
      assert.equal(body.file_content, undefined);
      assert.equal(body.private, true);
      assert.equal(body.file_name, 'x.py');
      assert.equal(server.pastes.get(stored.paste_id)?.file_content, 'a\nb\nc\nd\ne\nf\n');
    }));

  test('errors use Werkzeug texts in {status: fail, error}; unknown routes are 404 and wrong methods 405', () =>
    withServer({}, async (server) => {
      const missing = await fetch(`${server.origin}/paste/424242/`, { headers: { Accept: 'application/json' } });
      assert.equal(missing.status, 404);
      assert.deepEqual(await missing.json(), { status: 'fail', error: 'Not Found: The requested URL was not found on the server' });
      assert.equal((await fetch(`${server.origin}/nothing/here/`)).status, 404);
      const put = await fetch(`${server.origin}/paste/`, { method: 'PUT', headers: { Accept: 'application/json' } });
      assert.equal(put.status, 405);
      assert.match(put.headers.get('allow') ?? '', /GET/);
    }));
});

describe('ownpaste provider', () => {
  test('declares one file, public/private, no expiry, title or description, username + password', () => {
    assert.equal(OWNPASTE_CAPABILITIES.multiFile, false);
    assert.deepEqual(OWNPASTE_CAPABILITIES.visibilities, ['public', 'private']);
    assert.deepEqual(OWNPASTE_CAPABILITIES.expiries, []);
    assert.equal(OWNPASTE_CAPABILITIES.title || OWNPASTE_CAPABILITIES.description || OWNPASTE_CAPABILITIES.burnAfterRead, false);
    assert.equal(OWNPASTE_CAPABILITIES.auth, 'usernamePassword');
    assert.equal(OWNPASTE_CAPABILITIES.createAnonymous, false);
  });

  test('create: languages once, a challenge by GET, then ONE authenticated POST; the paste is complete from what was sent', () =>
    withServer({}, async (server) => {
      const provider = providerFor(server);
      const paste = await provider.create({ title: 'ignored', files: [{ name: 'hello.py', content: 'print("hi")\n', language: 'python' }] });
      assert.deepEqual(server.requests.map(line), ['GET /', 'GET /paste/?private=1', 'POST /paste/']);
      const [home, challenge, post] = server.requests;
      for (const r of [home!, challenge!, post!]) assert.equal(r.headers.accept, 'application/json');
      assert.equal(home!.headers.authorization, undefined);
      assert.equal(challenge!.headers.authorization, undefined);
      assert.equal(post!.headers['content-type'], 'application/json');
      assert.deepEqual(JSON.parse(post!.body), { file_content: 'print("hi")\n', private: false, file_name: 'hello.py', language: 'python' });
      const f = digestFields(post!.headers.authorization);
      assert.equal(f.username, 'alice');
      assert.equal(f.realm, 'ownpaste');
      assert.equal(f.nonce, server.issuedNonces[0]);
      assert.equal(f.uri, '/paste/');
      assert.equal(f.qop, 'auth');
      assert.equal(f.nc, '00000001');
      assert.match(f.cnonce!, /^[0-9a-f]{32}$/);
      assert.equal(f.algorithm, 'MD5');
      assert.equal(f.opaque, undefined);
      const ha1 = md5('alice:ownpaste:wonderland-42');
      assert.equal(f.response, md5(`${ha1}:${f.nonce}:00000001:${f.cnonce}:auth:${md5('POST:/paste/')}`));

      assert.equal(paste.id, '1');
      assert.equal(paste.service, 'ownpaste');
      assert.equal(paste.visibility, 'public');
      assert.equal(paste.complete, true);
      assert.equal(paste.url, `${server.origin}/paste/1/`);
      assert.equal(paste.privateId, undefined);
      assert.equal(paste.title, undefined);
      assert.ok(!Number.isNaN(Date.parse(paste.createdAt!)));
      assert.deepEqual(paste.files, [
        { name: 'hello.py', language: 'python', serviceLanguage: 'python', rawUrl: `${server.origin}/paste/1/raw/`, content: 'print("hi")\n', size: 12 },
      ]);
    }));

  test('a second create reuses the cached challenge and language list: one POST with nc 00000002', () =>
    withServer({}, async (server) => {
      const provider = providerFor(server);
      await provider.create({ files: [{ name: 'a.py', content: 'a = 1\n' }] });
      server.resetLog();
      await provider.create({ files: [{ name: 'b.rs', content: 'fn main() {}\n' }] });
      assert.deepEqual(server.requests.map(line), ['POST /paste/']);
      const f = digestFields(server.requests[0]!.headers.authorization);
      assert.equal(f.nc, '00000002');
      assert.equal(f.nonce, server.issuedNonces[0]);
      assert.equal(JSON.parse(server.requests[0]!.body).language, 'rust', 'language from the file extension');
    }));

  test('concurrent creates on a fresh provider share one challenge GET and count nc up', () =>
    withServer({}, async (server) => {
      const provider = providerFor(server);
      const pastes = await Promise.all(
        [1, 2, 3, 4].map((i) => provider.create({ files: [{ name: `f${i}.txt`, content: `file ${i}\n` }] })),
      );
      assert.equal(server.requestsTo('GET /paste/').length, 1);
      const posts = server.requestsTo('POST /paste/');
      assert.equal(posts.length, 4);
      assert.deepEqual(posts.map((r) => digestFields(r.headers.authorization).nc).sort(), ['00000001', '00000002', '00000003', '00000004']);
      assert.equal(new Set(pastes.map((p) => p.id)).size, 4);
    }));

  test('a stale nonce: the POST is refused (401 stale=TRUE), resent once with the new nonce, and one paste is made', () =>
    withServer({}, async (server) => {
      const provider = providerFor(server);
      await provider.create({ files: [{ name: 'a.txt', content: 'a\n' }] });
      server.expireNonces();
      server.resetLog();
      const before = server.pastes.size;
      const paste = await provider.create({ files: [{ name: 'b.txt', content: 'b\n' }] });
      assert.deepEqual(server.requests.map(line), ['POST /paste/', 'POST /paste/']);
      const [refused, resent] = server.requests.map((r) => digestFields(r.headers.authorization));
      assert.equal(refused!.nonce, server.issuedNonces[0]);
      assert.equal(resent!.nonce, server.issuedNonces[1]);
      assert.equal(resent!.nc, '00000001');
      assert.equal(server.pastes.size, before + 1);
      assert.equal(server.stored(paste.id)?.files[0]?.content, 'b\n');
    }));

  test('upstream nonce rule: after another client was challenged the POST gets 400; one new challenge and one resend', () =>
    withServer({ nonceMode: 'upstream', pythonBytesNonces: true }, async (server) => {
      const provider = providerFor(server);
      await provider.create({ files: [{ name: 'a.txt', content: 'a\n' }] });
      assert.match(server.issuedNonces[0]!, /^b'[0-9a-f]{16}'$/, "Python 3 ownpaste's nonce form");
      server.expireNonces(); // someone else at this address got a challenge: our nonce is no longer current
      server.resetLog();
      const before = server.pastes.size;
      await provider.create({ files: [{ name: 'b.txt', content: 'b\n' }] });
      assert.deepEqual(server.requests.map(line), ['POST /paste/', 'GET /paste/?private=1', 'POST /paste/']);
      assert.equal(server.pastes.size, before + 1);
    }));

  test('wrong password: one POST only, an auth error with the service message, and the password nowhere', () =>
    withServer({}, async (server) => {
      const provider = providerFor(server, { username: 'alice', password: PLANTED });
      const err = await rejects(provider.create({ files: [{ name: 'a.txt', content: 'a\n' }] }), 'auth');
      assert.equal(err.status, 401);
      assert.equal(err.serviceMessage, 'Authentication required');
      assert.equal(server.requestsTo('POST /paste/').length, 1);
      assert.equal(server.pastes.size, 0);
      assert.equal(server.hitCount(), 1);
    }));

  test('a blocked client gets 403, an auth error', () =>
    withServer({ ipBlockHits: 1 }, async (server) => {
      const wrong = providerFor(server, { username: 'alice', password: PLANTED });
      const err = await rejects(wrong.create({ files: [{ name: 'a.txt', content: 'a\n' }] }), 'auth');
      assert.equal(err.status, 403);
      assert.match(err.message, /Forbidden/);
    }));

  test('no credentials: every call that needs them is an auth error naming username and password, with nothing sent', () =>
    withServer({}, async (server) => {
      server.add({ content: 'x\n', fileName: 'x.txt' });
      const provider = providerFor(server, null);
      for (const call of [
        () => provider.create({ files: [{ name: 'a.txt', content: 'a\n' }] }),
        () => provider.listOwn(),
        () => provider.update('1', { visibility: 'private' }),
        () => provider.delete('1'),
        () => provider.whoAmI(),
      ]) {
        const err = await rejects(call(), 'auth');
        assert.match(err.message, /username and password/);
      }
      const half = providerFor(server, { username: 'alice' });
      await rejects(half.listOwn(), 'auth');
      assert.deepEqual(server.requests, []);
    }));

  test('refuses what ownpaste cannot do before sending anything', () =>
    withServer({}, async (server) => {
      const provider = providerFor(server);
      const file = { name: 'a.txt', content: 'a\n' };
      await rejects(provider.create({ files: [file, { name: 'b.txt', content: 'b' }] }), 'unsupported');
      await rejects(provider.create({ files: [file], visibility: 'unlisted' }), 'unsupported');
      await rejects(provider.create({ files: [file], expiry: '1d' }), 'unsupported');
      await rejects(provider.create({ files: [file], burnAfterRead: true }), 'unsupported');
      await rejects(provider.create({ files: [file], anonymous: true }), 'unsupported');
      await rejects(provider.create({ files: [] }), 'invalid');
      await rejects(provider.create({ files: [{ name: 'e.txt', content: '' }] }), 'invalid');
      await rejects(provider.update('1', { title: 'x' }), 'unsupported');
      await rejects(provider.update('1', { description: 'x' }), 'unsupported');
      await rejects(provider.update('1', { expiry: '1h' }), 'unsupported');
      await rejects(provider.update('1', { files: [{ kind: 'add', name: 'b', content: 'b' }] }), 'unsupported');
      await rejects(provider.update('1', { files: [{ kind: 'remove', id: 'x' }] }), 'unsupported');
      await rejects(provider.delete('1', { deletionKey: 'k' }), 'unsupported');
      await rejects(provider.get('../etc'), 'invalid');
      await rejects(provider.listRecent({ cursor: 'abc' }), 'invalid');
      assert.deepEqual(server.requests, []);
    }));

  test('a private create returns the private id and its web URL, which opens without credentials', () =>
    withServer({}, async (server) => {
      const paste = await providerFor(server).create({ visibility: 'private', files: [{ name: 's.py', content: 'secret = 1\n' }] });
      assert.equal(JSON.parse(server.requestsTo('POST /paste/')[0]!.body).private, true);
      assert.equal(paste.visibility, 'private');
      assert.match(paste.privateId!, /^[A-Za-z0-9]{20}$/);
      assert.equal(paste.url, `${server.origin}/paste/${paste.privateId}/`);
      server.resetLog();
      const anonymous = providerFor(server, null);
      const read = await anonymous.get(paste.privateId!);
      assert.equal(read.id, paste.id);
      assert.equal(read.files[0]?.content, 'secret = 1\n');
      assert.equal(server.requests[0]!.headers.authorization, undefined);
      const err = await rejects(anonymous.get(paste.id), 'auth');
      assert.match(err.message, /private/);
    }));

  test('get of a private paste by number: challenged once, then read with credentials', () =>
    withServer({}, async (server) => {
      const stored = server.add({ content: 'hidden\n', fileName: 'h.sh', language: 'bash', private: true });
      const paste = await providerFor(server).get(String(stored.paste_id), { full: true });
      assert.deepEqual(server.requests.map(line), [`GET /paste/${stored.paste_id}/`, `GET /paste/${stored.paste_id}/`]);
      assert.equal(server.requests[0]!.headers.authorization, undefined);
      assert.equal(digestFields(server.requests[1]!.headers.authorization).uri, `/paste/${stored.paste_id}/`);
      assert.equal(paste.files[0]?.language, 'shellscript');
      assert.equal(paste.files[0]?.serviceLanguage, 'bash');
      assert.equal(paste.complete, true);
    }));

  test('languages: only listed aliases are sent, old Pygments aliases are found, the docs\' "language" key is read, a failed list is fetched again', async () => {
    await withServer({}, async (server) => {
      const provider = providerFor(server);
      await provider.create({ files: [{ name: 'App.tsx', content: 'export {}\n', language: 'typescriptreact' }] });
      assert.equal('language' in JSON.parse(server.requestsTo('POST /paste/')[0]!.body), false, 'tsx is not listed: the server guesses');
      await provider.create({ files: [{ name: 'notes', content: 'plain\n' }] });
      assert.equal('language' in JSON.parse(server.requestsTo('POST /paste/')[1]!.body), false, 'no language known: none sent');
      assert.equal(server.requestsTo('GET /').length, 1);
    });
    await withServer({ languages: { js: 'JavaScript', rb: 'Ruby', text: 'Text only' }, languagesKey: 'language' }, async (server) => {
      await providerFor(server).create({ files: [{ name: 'a.js', content: 'let a\n', language: 'javascript' }] });
      assert.equal(JSON.parse(server.requestsTo('POST /paste/')[0]!.body).language, 'js');
    });
    await withServer({}, async (server) => {
      const provider = providerFor(server);
      server.fault({ route: 'GET /', status: 500, body: 'boom', contentType: 'text/plain', times: 1 });
      const paste = await provider.create({ files: [{ name: 'a.py', content: 'a\n', language: 'python' }] });
      assert.ok(server.stored(paste.id), 'the create went ahead without a language');
      assert.equal('language' in JSON.parse(server.requestsTo('POST /paste/')[0]!.body), false);
      await provider.create({ files: [{ name: 'b.py', content: 'b\n', language: 'python' }] });
      assert.equal(JSON.parse(server.requestsTo('POST /paste/')[1]!.body).language, 'python');
    });
  });

  test('listOwn: ?private=1 with Digest, 20 a page, short forms (not complete), a cursor until the last page', () =>
    withServer({}, async (server) => {
      server.seed(45, { owned: true });
      const provider = providerFor(server);
      const first = await provider.listOwn();
      assert.deepEqual(server.requests.map(line), ['GET /paste/?page=1&private=1', 'GET /paste/?page=1&private=1']);
      assert.equal(digestFields(server.requests[1]!.headers.authorization).uri, '/paste/?page=1&private=1');
      assert.equal(first.items.length, 20);
      assert.equal(first.next, '2');
      assert.equal(first.items[0]!.id, '45', 'newest first');
      assert.ok(first.items.every((p) => !p.complete && p.files[0]!.content === undefined));
      assert.ok(first.items.some((p) => p.visibility === 'private' && p.privateId));
      const third = await provider.listOwn({ cursor: '3' });
      assert.equal(third.items.length, 5);
      assert.equal(third.next, undefined);
      assert.equal(digestFields(server.requests.at(-1)!.headers.authorization).nc, '00000002');
    }));

  test('listRecent: public pastes only, without credentials; past the end is an empty page', () =>
    withServer({}, async (server) => {
      server.add({ content: 'hidden\n', private: true });
      server.seed(3, { owned: false });
      const page = await providerFor(server).listRecent();
      assert.equal(server.requests[0]!.headers.authorization, undefined);
      assert.deepEqual(page.items.map((p) => p.id), ['4', '3', '2']);
      assert.equal(page.next, undefined);
      assert.deepEqual(await providerFor(server).listRecent({ cursor: '7' }), { items: [] });
    }));

  test('update sends only what changes: content is filled from what was sent, other changes are read back', () =>
    withServer({}, async (server) => {
      const provider = providerFor(server);
      const created = await provider.create({ files: [{ name: 'a.py', content: 'a = 1\n' }] });
      server.resetLog();
      const changed = await provider.update(created.id, { files: [{ kind: 'update', content: 'a = 2\n' }] });
      assert.deepEqual(server.requests.map(line), [`PATCH /paste/${created.id}/`]);
      assert.deepEqual(JSON.parse(server.requests[0]!.body), { file_content: 'a = 2\n' });
      assert.equal(changed.files[0]?.content, 'a = 2\n');
      assert.equal(changed.complete, true);

      server.resetLog();
      const renamed = await provider.update(created.id, { visibility: 'private', files: [{ kind: 'update', name: 'b.rs' }] });
      assert.deepEqual(JSON.parse(server.requests[0]!.body), { private: true, file_name: 'b.rs', language: 'rust' });
      assert.deepEqual(server.requests.map(line), [`PATCH /paste/${created.id}/`, `GET /paste/${renamed.privateId}/`]);
      assert.equal(renamed.visibility, 'private');
      assert.equal(renamed.files[0]?.name, 'b.rs');
      assert.equal(renamed.files[0]?.content, 'a = 2\n');

      const unchanged = await provider.update(created.id, { title: null, files: [] });
      assert.equal(unchanged.id, created.id);
      assert.equal(server.requestsTo('PATCH /paste/*/').length, 1, 'an empty change sends no PATCH');
    }));

  test('delete: DELETE with Digest, status ok; a missing paste is notFound with the server\'s words', () =>
    withServer({}, async (server) => {
      const provider = providerFor(server);
      const created = await provider.create({ files: [{ name: 'a.txt', content: 'a\n' }] });
      await provider.delete(created.id);
      const del = server.requestsTo('DELETE /paste/*/');
      assert.equal(del.length, 1);
      assert.equal(digestFields(del[0]!.headers.authorization).uri, `/paste/${created.id}/`);
      assert.equal(server.stored(created.id), undefined);
      const err = await rejects(provider.delete(created.id), 'notFound');
      assert.equal(err.serviceMessage, 'Not Found: The requested URL was not found on the server');
      server.fault({ route: 'DELETE /paste/*/', status: 200, body: '{"status":"maybe"}', times: 1 });
      await rejects(provider.delete('1'), 'server');
    }));

  test('whoAmI checks the credentials against the private listing', () =>
    withServer({}, async (server) => {
      assert.deepEqual(await providerFor(server).whoAmI(), { user: 'alice' });
      await rejects(providerFor(server, { username: 'alice', password: PLANTED }).whoAmI(), 'auth');
    }));

  test('every request asks for JSON on a path that ends in "/"', () =>
    withServer({}, async (server) => {
      const provider = providerFor(server);
      const p = await provider.create({ visibility: 'private', files: [{ name: 'a.md', content: '# a\n' }] });
      await provider.get(p.id);
      await provider.get(p.privateId!);
      await provider.listOwn();
      await provider.listRecent();
      await provider.update(p.id, { visibility: 'public' });
      await provider.delete(p.id);
      assert.ok(server.requests.length >= 8);
      for (const r of server.requests) {
        assert.equal(r.headers.accept, 'application/json', line(r));
        assert.ok(r.path.endsWith('/'), line(r));
      }
    }));

  test('recognises its web and API URLs: number, private id, raw and download, under a path prefix', () => {
    const provider = createOwnPasteProvider({ baseUrl: 'https://paste.example.org/own/' });
    assert.equal(provider.idFromUrl('https://paste.example.org/own/paste/12/'), '12');
    assert.equal(provider.idFromUrl('https://paste.example.org/own/paste/12'), '12');
    assert.equal(provider.idFromUrl('https://paste.example.org/own/paste/AbCdEfGhIjKlMnOpQrSt/raw/'), 'AbCdEfGhIjKlMnOpQrSt');
    assert.equal(provider.idFromUrl('https://paste.example.org/own/paste/7/download/?x=1#top'), '7');
    assert.equal(provider.idFromUrl('https://paste.example.org/paste/12/'), undefined, 'outside the prefix');
    assert.equal(provider.idFromUrl('https://other.example.org/own/paste/12/'), undefined);
    assert.equal(provider.idFromUrl('https://paste.example.org/own/paste/'), undefined);
    assert.equal(provider.idFromUrl('https://paste.example.org/own/paste/1/edit/'), undefined);
    assert.equal(provider.idFromUrl('not a url'), undefined);
  });

  test('when the preview does not match what was sent, the created paste is read back; a failed read-back still returns it', () =>
    withServer({}, async (server) => {
      const stored = server.add({ content: 'what the server holds\n', fileName: 'a.txt', language: 'text' });
      const short = JSON.stringify({ status: 'ok', paste_id: stored.paste_id, language: 'text', file_name: 'a.txt', pub_timestamp: 1, private: false, private_id: null, file_content_preview: 'what the server holds' });
      const provider = providerFor(server);
      server.fault({ route: 'POST /paste/', status: 200, body: short, times: 1 });
      const read = await provider.create({ files: [{ name: 'a.txt', content: 'something else\n' }] });
      assert.equal(read.files[0]?.content, 'what the server holds\n');
      assert.equal(server.requestsTo(`GET /paste/${stored.paste_id}/`).length, 1);

      server.fault({ route: 'POST /paste/', status: 200, body: short, times: 1 });
      server.fault({ route: `GET /paste/${stored.paste_id}/`, status: 500, body: '', times: 3 });
      const partial = await provider.create({ files: [{ name: 'a.txt', content: 'other\n' }] });
      assert.equal(partial.id, String(stored.paste_id));
      assert.equal(partial.complete, false);
      assert.equal(partial.createdAt, '1970-01-01T00:00:01.000Z');
    }));

  describe('bad responses in ownpaste shapes become typed errors', () => {
    const paste = { status: 'ok', paste_id: 1, language: 'python', file_name: 'a.py', pub_timestamp: 1700000000, private: false, private_id: null, file_content: 'x' };
    const cases: { name: string; status: number; body: string; contentType?: string; kind: PasteErrorKind; message?: RegExp }[] = [
      { name: 'paste_id as a word', status: 200, body: JSON.stringify({ ...paste, paste_id: 'one' }), kind: 'server', message: /paste_id/ },
      { name: 'paste_id missing', status: 200, body: JSON.stringify({ ...paste, paste_id: undefined }), kind: 'server' },
      { name: 'paste_id a fraction', status: 200, body: JSON.stringify({ ...paste, paste_id: 1.5 }), kind: 'server' },
      { name: 'paste_id negative', status: 200, body: JSON.stringify({ ...paste, paste_id: -3 }), kind: 'server' },
      { name: 'file_content a number', status: 200, body: JSON.stringify({ ...paste, file_content: 42 }), kind: 'server', message: /file_content/ },
      { name: 'file_content missing (the short form)', status: 200, body: JSON.stringify({ ...paste, file_content: undefined, file_content_preview: 'x' }), kind: 'server' },
      { name: 'a 200 with the fail envelope', status: 200, body: '{"status":"fail","error":"database is locked"}', kind: 'server', message: /database is locked/ },
      { name: 'an HTML page (Accept dropped by a proxy)', status: 200, body: '<!doctype html><html><title>a.py</title></html>', contentType: 'text/html', kind: 'server', message: /HTML page/ },
      { name: 'empty', status: 200, body: '', kind: 'server', message: /empty body/ },
      { name: 'truncated', status: 200, body: '{"status":"ok","paste_id":1,"file_con', kind: 'server', message: /not JSON/ },
      { name: 'null', status: 200, body: 'null', kind: 'server', message: /null/ },
      { name: 'an array', status: 200, body: '[{"paste_id":1}]', kind: 'server', message: /list/ },
      { name: 'a Werkzeug HTML 500', status: 500, body: '<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n<h1>Internal Server Error</h1>', contentType: 'text/html', kind: 'server', message: /500 Internal Server Error/ },
      { name: 'a 400 fail body', status: 400, body: '{"status":"fail","error":"Bad Request: The browser (or proxy) sent a request that this server could not understand"}', kind: 'invalid', message: /Bad Request/ },
      { name: 'a 503 with Retry-After far away', status: 503, body: '', kind: 'server' },
    ];
    for (const c of cases) {
      test(`get: ${c.name}`, () =>
        withServer({}, async (server) => {
          server.add({ content: 'x', fileName: 'a.py' });
          server.fault({ route: 'GET /paste/1/', status: c.status, body: c.body, contentType: c.contentType ?? 'application/json', retryAfter: c.status === 503 ? 3600 : undefined });
          const err = await rejects(providerFor(server, null).get('1'), c.kind);
          if (c.message) assert.match(err.message, c.message);
          assert.doesNotMatch(err.message, /undefined/);
        }));
    }

    test('odd but readable fields are tolerated: no file name, unknown language, a string id, a bad timestamp', () =>
      withServer({}, async (server) => {
        server.fault({
          route: 'GET /paste/9/',
          status: 200,
          body: JSON.stringify({ status: 'ok', paste_id: '9', language: 'brainfuck', file_name: null, pub_timestamp: 'soon', private: 'yes', private_id: 12, file_content: '+++' }),
        });
        const p = await providerFor(server, null).get('9');
        assert.equal(p.id, '9');
        assert.equal(p.files[0]?.name, 'untitled.txt');
        assert.equal(p.files[0]?.language, undefined);
        assert.equal(p.files[0]?.serviceLanguage, 'brainfuck');
        assert.equal(p.createdAt, undefined);
        assert.equal(p.visibility, 'public');
        assert.equal(p.privateId, undefined);
      }));

    test('listings: pastes not a list, an item that is not an object, an item without paste_id', () =>
      withServer({}, async (server) => {
        const provider = providerFor(server, null);
        for (const body of ['{"status":"ok","pastes":"none"}', '{"status":"ok","page":1,"pages":1,"pastes":[null]}', '{"status":"ok","pastes":[{"file_name":"a"}]}']) {
          server.fault({ route: 'GET /paste/', status: 200, body, times: 1 });
          await rejects(provider.listRecent(), 'server');
        }
      }));

    test('a secret the server echoes in an error is redacted', () =>
      withServer({}, async (server) => {
        const provider = providerFor(server, { username: 'alice', password: PLANTED });
        server.fault({ route: 'POST /paste/', status: 500, body: JSON.stringify({ status: 'fail', error: `password ${PLANTED} is not allowed` }) });
        // The challenge is real; the POST is answered with the echo.
        const err = await rejects(provider.create({ files: [{ name: 'a.txt', content: 'a\n' }] }), 'server');
        assert.match(err.message, /\[redacted\]/);
      }));

    test('a challenge with a scheme PasteDeck cannot answer is an auth error and no POST is sent', () =>
      withServer({}, async (server) => {
        const basicOnly: typeof fetch = async (input, init) => {
          const res = await fetch(input, init);
          const challenge = res.headers.get('www-authenticate');
          if (!challenge) return res;
          const headers = new Headers(res.headers);
          headers.set('www-authenticate', 'Basic realm="ownpaste", Digest realm="ownpaste", nonce="n", algorithm=SHA-512-256');
          return new Response(await res.text(), { status: res.status, headers });
        };
        const err = await rejects(providerFor(server, server.validCredentials, { fetch: basicOnly }).create({ files: [{ name: 'a.txt', content: 'a\n' }] }), 'auth');
        assert.match(err.message, /Basic, Digest/);
        assert.equal(server.requestsTo('POST /paste/').length, 0);
      }));
  });

  test('cancellation: while waiting for the challenge nothing is posted; an aborted POST is cancelled', () =>
    withServer({}, async (server) => {
      const provider = providerFor(server);
      server.fault({ route: 'GET /paste/', delayMs: 400, times: 1 });
      const early = new AbortController();
      setTimeout(() => early.abort(), 50);
      await rejects(provider.create({ files: [{ name: 'a.txt', content: 'a\n' }] }, { signal: early.signal }), 'cancelled');
      await new Promise((r) => setTimeout(r, 450));
      assert.equal(server.requestsTo('POST /paste/').length, 0);

      server.fault({ route: 'POST /paste/', delayMs: 400, times: 1 });
      const late = new AbortController();
      setTimeout(() => late.abort(), 50);
      await rejects(provider.create({ files: [{ name: 'b.txt', content: 'b\n' }] }, { signal: late.signal }), 'cancelled');
      assert.equal(server.requestsTo('POST /paste/').length, 1);
    }));
});
