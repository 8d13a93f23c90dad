// paste.gg: the requests the provider sends, how it reads the answers, and the
// faithful server's own rules, against the local server (never the internet).
import { strict as assert } from 'node:assert';
import { after, before, beforeEach, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { PasteError, type PasteErrorKind } from '../../src/core/errors';
import { EXPIRY_SECONDS, type Credentials, type ExpiryId, type PasteProvider } from '../../src/core/model';
import { createPasteGgProvider, PASTEGG_CAPABILITIES, type PasteGgOptions } from '../../src/providers/pastegg';
import type { RecordedRequest } from '../servers/base';
import { startPasteGgServer, type PasteGgServer } from '../servers/pastegg';

const PLANTED = 'PLANTED-pastegg-key-4d1c9a7e33';
const MAX_BODY = 32 * 1024;
const MISSING = 'ffffffffffffffffffffffffffffffff';

let server: PasteGgServer;
let bobKey: string;

before(async () => {
  server = await startPasteGgServer({ maxBodyBytes: MAX_BODY });
  bobKey = server.addUser('bob');
});
after(() => server.close());
beforeEach(() => server.resetLog());

function provider(credentials?: Credentials, extra: Partial<PasteGgOptions> = {}): PasteProvider {
  return createPasteGgProvider({
    baseUrl: server.apiBase,
    getCredentials: async () => credentials,
    maxBytes: server.maxBodyBytes,
    ...extra,
  });
}
const alice = () => provider(server.validCredentials);
const anonymous = () => provider(undefined);

/** `METHOD /path?query` of every request the server saw since the last reset. */
function sent(): string[] {
  return server.requests.map((r) => `${r.method} ${r.path}${[...r.query].length ? `?${r.query.toString()}` : ''}`);
}
function last(route: string): RecordedRequest {
  const matching = server.requestsTo(route);
  assert.ok(matching.length > 0, `no request to ${route}`);
  return matching[matching.length - 1]!;
}
function bodyOf(req: RecordedRequest): unknown {
  return JSON.parse(req.body) as unknown;
}

async function rejects(promise: Promise<unknown>, kind: PasteErrorKind): Promise<PasteError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof PasteError, `expected a PasteError, got ${String(err)}`);
    assert.equal(err.kind, kind, `expected ${kind}, got ${err.kind}: ${err.message}`);
    assert.ok(!err.message.includes(PLANTED), `the message leaks the key: ${err.message}`);
    return err;
  }
  assert.fail(`expected a ${kind} PasteError, but the call succeeded`);
}

async function nothingSent(fn: () => Promise<unknown>): Promise<void> {
  const before = server.requests.length;
  await fn();
  assert.deepEqual(server.requests.slice(before).map((r) => `${r.method} ${r.path}`), []);
}

/** Text gzip cannot shrink much. */
function noise(length: number): string {
  let seed = 7;
  let out = '';
  for (let i = 0; i < length; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    out += String.fromCharCode(33 + ((seed >>> 16) % 90));
  }
  return out;
}

async function createOwned(files = [{ name: 'main.py', content: 'print(1)\n' }]) {
  return alice().create({ title: 'owned', files });
}

describe('paste.gg create', () => {
  test('a keyed multi-file create is one POST /pastes with Key auth, JSON and the enum language names', async () => {
    const paste = await alice().create({
      title: 'two files',
      description: 'a pair',
      visibility: 'public',
      files: [
        { name: 'a.cpp', content: 'int main() {}\n', language: 'cpp' },
        { name: 'b.cs', content: 'class B {}\n' },
      ],
    });
    assert.deepEqual(sent(), ['POST /api/v1/pastes']);
    const req = last('POST /api/v1/pastes');
    assert.equal(req.headers.authorization, `Key ${server.validCredentials.key}`);
    assert.match(String(req.headers['content-type']), /^application\/json/);
    assert.deepEqual(bodyOf(req), {
      name: 'two files',
      description: 'a pair',
      visibility: 'public',
      files: [
        { name: 'a.cpp', highlight_language: 'cplusplus', content: { format: 'text', value: 'int main() {}\n' } },
        { name: 'b.cs', highlight_language: 'csharp', content: { format: 'text', value: 'class B {}\n' } },
      ],
    });
    assert.match(paste.id, /^[0-9a-f]{32}$/);
    assert.equal(paste.owner, 'alice');
    assert.equal(paste.url, `${server.origin}/p/alice/${paste.id}`);
    assert.equal(paste.visibility, 'public');
    assert.equal(paste.deletionKey, undefined);
    assert.equal(paste.complete, false, 'create answers without contents');
    // Output names are highlight.js names and map back to VS Code ids.
    assert.deepEqual(
      paste.files.map((f) => [f.name, f.serviceLanguage, f.language]),
      [
        ['a.cpp', 'cpp', 'cpp'],
        ['b.cs', 'cs', 'csharp'],
      ],
    );
    assert.ok(paste.files.every((f) => /^[0-9a-f]{32}$/.test(f.id ?? '')));
    assert.ok(paste.createdAt && !Number.isNaN(Date.parse(paste.createdAt)));
  });

  test('an anonymous create sends no Authorization and returns the deletion key', async () => {
    const paste = await anonymous().create({ files: [{ name: 'note.txt', content: 'hi\n' }] });
    const req = last('POST /api/v1/pastes');
    assert.equal(req.headers.authorization, undefined);
    assert.match(paste.deletionKey ?? '', /^[0-9a-f]{32}$/);
    assert.equal(paste.url, `${server.origin}/p/anonymous/${paste.id}`);
    assert.equal(paste.visibility, 'unlisted', 'the server default');
    assert.equal((bodyOf(req) as { visibility?: string }).visibility, undefined, 'visibility omitted when not chosen');
  });

  test('anonymous: true creates without the configured key', async () => {
    const paste = await alice().create({ anonymous: true, files: [{ name: 'x.txt', content: 'x' }] });
    assert.equal(last('POST /api/v1/pastes').headers.authorization, undefined);
    assert.ok(paste.deletionKey);
  });

  test('an anonymous private create is refused as invalid before sending (the server rejects it)', async () => {
    await nothingSent(() => rejects(anonymous().create({ visibility: 'private', files: [{ name: 'a', content: 'a' }] }), 'invalid'));
    const raw = await fetch(`${server.apiBase}/pastes`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ visibility: 'private', files: [{ content: { format: 'text', value: 'a' } }] }),
    });
    assert.equal(raw.status, 400);
    assert.deepEqual(await raw.json(), { status: 'error', error: 'bad_json', message: 'cannot make anonymous private pastes' });
  });

  test('a keyed private create is sent and readable only with the key', async () => {
    const paste = await alice().create({ visibility: 'private', files: [{ name: 'secret.txt', content: 's' }] });
    await rejects(anonymous().get(paste.id), 'notFound');
    await rejects(provider({ key: bobKey }).get(paste.id), 'notFound');
    assert.equal((await alice().get(paste.id)).files[0]!.content, 's');
  });

  test('every expiry choice becomes a future RFC 3339 date; never sends none', async () => {
    for (const expiry of Object.keys(EXPIRY_SECONDS) as ExpiryId[]) {
      const start = Date.now();
      const paste = await alice().create({ expiry, files: [{ name: 'e.txt', content: 'e' }] });
      const { expires } = bodyOf(last('POST /api/v1/pastes')) as { expires?: string };
      const seconds = EXPIRY_SECONDS[expiry];
      if (seconds === undefined) {
        assert.equal(expires, undefined);
        assert.equal(paste.expiresAt, undefined);
        continue;
      }
      assert.match(expires ?? '', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      const delta = Date.parse(expires!) - start;
      assert.ok(Math.abs(delta - seconds * 1000) < 5_000, `${expiry}: ${delta} ms`);
      assert.equal(paste.expiresAt, new Date(expires!).toISOString());
    }
  });

  test('burn after reading and an empty file list are refused before sending', async () => {
    await nothingSent(() => rejects(alice().create({ burnAfterRead: true, files: [{ name: 'a', content: 'a' }] }), 'unsupported'));
    await nothingSent(() => rejects(alice().create({ files: [] }), 'invalid'));
  });

  test('the server’s validation messages come through as invalid errors', async () => {
    const err = await rejects(
      alice().create({ files: [{ name: 'same.txt', content: 'a' }, { name: 'same.txt', content: 'b' }] }),
      'invalid',
    );
    assert.equal(err.status, 400);
    assert.equal(err.serviceMessage, 'duplicate file names are not allowed');
    const empty = await rejects(alice().create({ files: [{ name: 'e.txt', content: '' }] }), 'invalid');
    assert.equal(empty.serviceMessage, 'file content must not be empty');
    const long = await rejects(alice().create({ title: 'x'.repeat(300), files: [{ name: 'a', content: 'a' }] }), 'invalid');
    assert.match(long.serviceMessage ?? '', /could not parse json: invalid length 300/);
  });
});

describe('paste.gg languages', () => {
  test('only names from the server enum are sent; unknown ids and plain text let the server autodetect', async () => {
    await alice().create({
      files: [
        { name: 'a.txt', content: 'a', language: 'plaintext' },
        { name: 'b', content: 'b', language: 'no-such-language' },
        { name: 'c.rs', content: 'fn main() {}' },
        { name: 'd.sh', content: 'echo', language: 'shellscript' },
        { name: 'e.proto', content: 'syntax = "proto3";', language: 'proto3' },
      ],
    });
    const { files } = bodyOf(last('POST /api/v1/pastes')) as { files: { highlight_language?: string }[] };
    assert.deepEqual(
      files.map((f) => f.highlight_language),
      [undefined, undefined, 'rust', 'bash', 'protocolbuffers'],
    );
  });

  test('the server refuses an output name sent as input (they do not round-trip)', async () => {
    const res = await fetch(`${server.apiBase}/pastes`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ files: [{ highlight_language: 'cpp', content: { format: 'text', value: 'x' } }] }),
    });
    assert.equal(res.status, 400);
    const body = (await res.json()) as { error: string; message: string };
    assert.equal(body.error, 'bad_json');
    assert.match(body.message, /unknown variant `cpp`/);
  });

  test('output names map back to VS Code ids, with the file extension as a fallback', async () => {
    const paste = await alice().create({
      files: [
        { name: 'x.cpp', content: 'x', language: 'cpp' },
        { name: 'y.proto', content: 'y', language: 'proto3' },
        { name: 'z.ts', content: 'z', language: 'no-such-language' },
      ],
    });
    const got = await alice().get(paste.id);
    assert.deepEqual(
      got.files.map((f) => [f.serviceLanguage, f.language]),
      [
        ['cpp', 'cpp'],
        ['protobuf', 'proto3'],
        [undefined, 'typescript'],
      ],
    );
  });
});

describe('paste.gg body limit', () => {
  test('a body over maxBytes is sent gzip-compressed and reads back as the same text', async () => {
    const content = 'the same line again and again\n'.repeat(4000); // ~120 KiB, compresses well
    const paste = await alice().create({ files: [{ name: 'big.txt', content }, { name: 'small.txt', content: 'small' }] });
    const req = last('POST /api/v1/pastes');
    assert.ok(Buffer.byteLength(req.body) <= MAX_BODY);
    const { files } = bodyOf(req) as { files: { content: { format: string; value: string } }[] };
    assert.deepEqual(files.map((f) => f.content.format), ['gzip', 'gzip']);
    assert.equal(server.stored(paste.id)?.files[0]?.content, content);
    // gzip input is stored as binary and comes back as base64, decoded to text.
    const raw = (await (await fetch(`${server.apiBase}/pastes/${paste.id}?full=true`)).json()) as {
      result: { files: { content: { format: string } }[] };
    };
    assert.equal(raw.result.files[0]!.content.format, 'base64');
    const got = await alice().get(paste.id);
    assert.equal(got.files[0]!.content, content);
    assert.equal(got.files[1]!.content, 'small');
    assert.equal(got.files[0]!.size, Buffer.byteLength(content));
    assert.equal(got.complete, true);
  });

  test('a body over maxBytes even compressed is tooLarge before sending', async () => {
    const err = await rejects(alice().create({ files: [{ name: 'noise.txt', content: noise(MAX_BODY * 2) }] }), 'tooLarge');
    assert.match(err.message, /32 KiB/);
    assert.deepEqual(sent(), []);
  });

  test('the default limit is 1 MiB and is the capability', () => {
    const p = createPasteGgProvider({ baseUrl: 'https://api.paste.gg/v1' });
    assert.equal(p.capabilities.maxBytes, 1024 * 1024);
    assert.equal(PASTEGG_CAPABILITIES.maxBytes, 1024 * 1024);
    assert.equal(alice().capabilities.maxBytes, MAX_BODY);
  });

  test('the server reads an over-limit body truncated and answers 400 bad_json, not 413', async () => {
    const res = await fetch(`${server.apiBase}/pastes`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ files: [{ content: { format: 'text', value: 'x'.repeat(MAX_BODY) } }] }),
    });
    assert.equal(res.status, 400);
    const body = (await res.json()) as { error: string; message: string };
    assert.equal(body.error, 'bad_json');
    assert.match(body.message, /^could not parse json: EOF/);
  });
});

describe('paste.gg get', () => {
  test('full content is asked with ?full=true and the key; without full, files come without content', async () => {
    const created = await createOwned();
    server.resetLog();
    const full = await alice().get(created.id, { full: true });
    assert.deepEqual(sent(), [`GET /api/v1/pastes/${created.id}?full=true`]);
    assert.equal(last('GET /api/v1/pastes/*').headers.authorization, `Key ${server.validCredentials.key}`);
    assert.equal(full.complete, true);
    assert.equal(full.files[0]!.content, 'print(1)\n');
    assert.equal(full.files[0]!.rawUrl, `${server.apiBase}/pastes/${created.id}/files/${created.files[0]!.id}/raw`);
    server.resetLog();
    const brief = await alice().get(created.id, { full: false });
    assert.deepEqual(sent(), [`GET /api/v1/pastes/${created.id}`]);
    assert.equal(brief.complete, false);
    assert.equal(brief.files[0]!.content, undefined);
    assert.equal(brief.files[0]!.name, 'main.py');
  });

  test('base64 content is decoded to text; a hyphenated UUID id is accepted', async () => {
    const res = await fetch(`${server.apiBase}/pastes`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ files: [{ name: 'u.txt', content: { format: 'base64', value: Buffer.from('héllo ✓\n').toString('base64') } }] }),
    });
    const id = ((await res.json()) as { result: { id: string } }).result.id;
    const hyphenated = `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20)}`.toUpperCase();
    const paste = await anonymous().get(hyphenated);
    assert.equal(paste.id, id);
    assert.equal(paste.files[0]!.content, 'héllo ✓\n');
  });

  test('a malformed id is notFound without a request; a missing paste is notFound with the server’s kind', async () => {
    await nothingSent(() => rejects(alice().get('../users/alice'), 'notFound'));
    const err = await rejects(alice().get(MISSING), 'notFound');
    assert.equal(err.status, 404);
    assert.equal(err.serviceMessage, 'missing paste');
  });

  test('an expired paste is gone', async () => {
    const created = await createOwned();
    server.expire(created.id);
    await rejects(alice().get(created.id), 'notFound');
  });
});

describe('paste.gg listings', () => {
  test('listOwn needs a username next to the key and says so, sending nothing', async () => {
    const err = await rejects(provider({ key: server.validCredentials.key }).listOwn(), 'auth');
    assert.match(err.message, /username/);
    await nothingSent(() => rejects(provider({ username: 'alice' }).listOwn(), 'auth'));
    assert.deepEqual(sent(), []);
  });

  test('listOwn pages through /users/{username}/pastes?page=N, 15 a page, ending on the 404 past the end', async () => {
    const owner = server.addUser('carol');
    const carol = provider({ key: owner, username: 'carol' });
    const ids: string[] = [];
    for (let i = 0; i < 15; i++) ids.push((await carol.create({ visibility: i % 2 ? 'private' : 'unlisted', files: [{ name: 'f.txt', content: `line ${i}\n`.repeat(60) }] })).id);
    server.resetLog();
    const first = await carol.listOwn();
    assert.equal(first.items.length, 15);
    assert.equal(first.next, '2');
    assert.deepEqual(new Set(first.items.map((p) => p.id)), new Set(ids));
    // The listing's preview is not the content.
    assert.ok(first.items.every((p) => p.complete === false && p.files.every((f) => f.content === undefined)));
    assert.ok(first.items.every((p) => p.owner === 'carol' && p.url === `${server.origin}/p/carol/${p.id}`));
    const second = await carol.listOwn({ cursor: first.next });
    assert.deepEqual(second, { items: [] });
    assert.deepEqual(sent(), ['GET /api/v1/users/carol/pastes?page=1', 'GET /api/v1/users/carol/pastes?page=2']);
    assert.equal(last('GET /api/v1/users/carol/pastes').headers.authorization, `Key ${owner}`);
  });

  test('listOwn for an unknown user is notFound; a foreign cursor is invalid', async () => {
    await rejects(provider({ key: server.validCredentials.key, username: 'nobody' }).listOwn(), 'notFound');
    await nothingSent(() => rejects(alice().listOwn({ cursor: 'abc' }), 'invalid'));
  });

  test('listRecent is GET /pastes?limit=N without a key and has no next page', async () => {
    server.seed(4, { owned: false });
    server.resetLog();
    const page = await alice().listRecent({ limit: 3 });
    assert.deepEqual(sent(), ['GET /api/v1/pastes?limit=3']);
    assert.equal(last('GET /api/v1/pastes').headers.authorization, undefined);
    assert.equal(page.items.length, 3);
    assert.equal(page.next, undefined);
    // No author in this listing: the short URL, which redirects to /p/<owner>/<id>.
    assert.equal(page.items[0]!.url, `${server.origin}/${page.items[0]!.id}`);
    assert.ok(page.items.every((p) => p.visibility === 'public' && p.files.length === 0 && !p.complete));
    assert.deepEqual(await alice().listRecent({ cursor: 'x' }), { items: [] });
  });

  test('listRecent keeps only `limit` items when a server sends more', async () => {
    const ids = Array.from({ length: 6 }, (_, i) => `${String(i).repeat(32)}`);
    server.fault({
      route: 'GET /api/v1/pastes',
      status: 200,
      body: JSON.stringify({ status: 'success', result: ids.map((id) => ({ id, name: null, visibility: 'public' })) }),
      times: 1,
    });
    const page = await anonymous().listRecent({ limit: 2 });
    assert.deepEqual(page.items.map((p) => p.id), ids.slice(0, 2));
  });
});

describe('paste.gg update', () => {
  test('metadata only: one PATCH /pastes/{id} (null unsets), then the paste is read again in full', async () => {
    const created = await alice().create({ title: 'before', description: 'desc', files: [{ name: 'a.txt', content: 'a' }] });
    server.resetLog();
    const updated = await alice().update(created.id, { title: 'after', description: null, visibility: 'public', expiry: '1d' });
    assert.deepEqual(sent(), [`PATCH /api/v1/pastes/${created.id}`, `GET /api/v1/pastes/${created.id}?full=true`]);
    const body = bodyOf(last('PATCH /api/v1/pastes/*')) as Record<string, unknown>;
    assert.deepEqual({ ...body, expires: typeof body.expires }, { name: 'after', description: null, visibility: 'public', expires: 'string' });
    assert.equal(last('PATCH /api/v1/pastes/*').headers.authorization, `Key ${server.validCredentials.key}`);
    assert.equal(updated.title, 'after');
    assert.equal(updated.description, undefined);
    assert.equal(updated.visibility, 'public');
    assert.ok(updated.expiresAt);
    assert.equal(updated.complete, true);
  });

  test('one file change uses its per-file endpoint', async () => {
    const created = await createOwned([
      { name: 'a.txt', content: 'a' },
      { name: 'b.txt', content: 'b' },
    ]);
    const [a, b] = created.files;
    server.resetLog();
    await alice().update(created.id, { files: [{ kind: 'add', name: 'c.py', content: 'c' }] });
    await alice().update(created.id, { files: [{ kind: 'update', id: a!.id, name: 'a2.txt', content: 'A' }] });
    await alice().update(created.id, { files: [{ kind: 'remove', id: b!.id! }] });
    assert.deepEqual(sent(), [
      `POST /api/v1/pastes/${created.id}/files`,
      `GET /api/v1/pastes/${created.id}?full=true`,
      `PATCH /api/v1/pastes/${created.id}/files/${a!.id}`,
      `GET /api/v1/pastes/${created.id}?full=true`,
      `DELETE /api/v1/pastes/${created.id}/files/${b!.id}`,
      `GET /api/v1/pastes/${created.id}?full=true`,
    ]);
    assert.deepEqual(bodyOf(last('POST /api/v1/pastes/*/files')), { name: 'c.py', highlight_language: 'python', content: { format: 'text', value: 'c' } });
    assert.deepEqual(bodyOf(last('PATCH /api/v1/pastes/*/files/*')), { id: a!.id, name: 'a2.txt', content: { format: 'text', value: 'A' } });
    assert.deepEqual(server.stored(created.id)?.files, [
      { name: 'a2.txt', content: 'A' },
      { name: 'c.py', content: 'c' },
    ]);
  });

  test('several file changes are one PATCH /pastes/{id}/files: no id adds, an id changes, content null removes', async () => {
    const created = await createOwned([
      { name: 'keep.txt', content: 'k' },
      { name: 'drop.txt', content: 'd' },
    ]);
    const [keep, drop] = created.files;
    server.resetLog();
    const updated = await alice().update(created.id, {
      files: [
        { kind: 'add', name: 'new.rs', content: 'fn x() {}' },
        { kind: 'update', id: keep!.id, content: 'K' },
        { kind: 'remove', id: drop!.id! },
      ],
    });
    assert.deepEqual(sent(), [`PATCH /api/v1/pastes/${created.id}/files`, `GET /api/v1/pastes/${created.id}?full=true`]);
    assert.deepEqual(bodyOf(last('PATCH /api/v1/pastes/*/files')), [
      { name: 'new.rs', highlight_language: 'rust', content: { format: 'text', value: 'fn x() {}' } },
      { id: keep!.id, content: { format: 'text', value: 'K' } },
      { id: drop!.id, content: null },
    ]);
    assert.deepEqual(
      updated.files.map((f) => [f.name, f.content]),
      [
        ['keep.txt', 'K'],
        ['new.rs', 'fn x() {}'],
      ],
    );
  });

  test('metadata and files together take two requests (two endpoints), then the read', async () => {
    const created = await createOwned();
    server.resetLog();
    await alice().update(created.id, { title: 't', files: [{ kind: 'update', id: created.files[0]!.id, content: 'new' }] });
    assert.deepEqual(sent(), [
      `PATCH /api/v1/pastes/${created.id}`,
      `PATCH /api/v1/pastes/${created.id}/files/${created.files[0]!.id}`,
      `GET /api/v1/pastes/${created.id}?full=true`,
    ]);
  });

  test('a large file update is gzip-compressed too; too large is refused before any request', async () => {
    const created = await createOwned();
    server.resetLog();
    const big = 'repeat me\n'.repeat(10_000);
    const updated = await alice().update(created.id, { files: [{ kind: 'update', id: created.files[0]!.id, content: big }] });
    assert.equal((bodyOf(last('PATCH /api/v1/pastes/*/files/*')) as { content: { format: string } }).content.format, 'gzip');
    assert.equal(updated.files[0]!.content, big);
    server.resetLog();
    await rejects(
      alice().update(created.id, { title: 'not sent either', files: [{ kind: 'update', id: created.files[0]!.id, content: noise(MAX_BODY * 2) }] }),
      'tooLarge',
    );
    assert.deepEqual(sent(), []);
  });

  test('refusals before sending: no key, burn after reading, a change without a file id', async () => {
    const created = await createOwned();
    server.resetLog();
    await rejects(anonymous().update(created.id, { title: 'x' }), 'auth');
    await rejects(alice().update(created.id, { burnAfterRead: true }), 'unsupported');
    await rejects(alice().update(created.id, { files: [{ kind: 'update', name: 'x.txt' }] }), 'invalid');
    await rejects(alice().update(created.id, { files: [{ kind: 'remove', id: 'not-an-id' }] }), 'notFound');
    assert.deepEqual(sent(), []);
  });

  test('another account cannot change a paste, nor can anyone change an anonymous one', async () => {
    const created = await createOwned();
    const err = await rejects(provider({ key: bobKey }).update(created.id, { title: 'mine now' }), 'auth');
    assert.equal(err.status, 403);
    const anon = await anonymous().create({ files: [{ name: 'a', content: 'a' }] });
    const anonErr = await rejects(alice().update(anon.id, { title: 'x' }), 'auth');
    assert.equal(anonErr.serviceMessage, 'anonymous pastes cannot be updated');
  });

  test('the server refuses a rename to a name the paste already has, even the file’s own', async () => {
    const created = await createOwned();
    const err = await rejects(alice().update(created.id, { files: [{ kind: 'update', id: created.files[0]!.id, name: 'main.py' }] }), 'invalid');
    assert.equal(err.serviceMessage, 'duplicate file name');
  });

  test('a file id the paste does not have is notFound (400 missing_file)', async () => {
    const created = await createOwned([
      { name: 'a', content: 'a' },
      { name: 'b', content: 'b' },
    ]);
    const err = await rejects(
      alice().update(created.id, {
        files: [
          { kind: 'remove', id: MISSING },
          { kind: 'add', name: 'c', content: 'c' },
        ],
      }),
      'notFound',
    );
    assert.equal(err.status, 400);
  });

  test('removing the last file removes the paste (server)', async () => {
    const created = await createOwned();
    await rejects(alice().update(created.id, { files: [{ kind: 'remove', id: created.files[0]!.id! }] }), 'notFound');
    assert.equal(server.stored(created.id), undefined);
  });

  test('a 2xx answer to a PATCH may carry a body: it is ignored; an error envelope is not', async () => {
    const created = await createOwned();
    server.fault({ route: 'PATCH /api/v1/pastes/*', status: 200, body: '{"status":"success","result":null}', times: 1 });
    await alice().update(created.id, { title: 'fine' });
    server.fault({ route: 'PATCH /api/v1/pastes/*', status: 200, body: '{"status":"error","error":"not_allowed"}', times: 1 });
    await rejects(alice().update(created.id, { title: 'no' }), 'auth');
  });
});

describe('paste.gg delete', () => {
  test('the owner deletes with `Authorization: Key <api key>`', async () => {
    const created = await createOwned();
    server.resetLog();
    await alice().delete(created.id);
    assert.deepEqual(sent(), [`DELETE /api/v1/pastes/${created.id}`]);
    assert.equal(last('DELETE /api/v1/pastes/*').headers.authorization, `Key ${server.validCredentials.key}`);
    assert.equal(server.stored(created.id), undefined);
  });

  test('an anonymous paste is deleted with `Authorization: Key <deletion key>`, even with an account key configured', async () => {
    const created = await anonymous().create({ files: [{ name: 'a', content: 'a' }] });
    await alice().delete(created.id, { deletionKey: created.deletionKey });
    assert.equal(last('DELETE /api/v1/pastes/*').headers.authorization, `Key ${created.deletionKey}`);
    assert.equal(server.stored(created.id), undefined);
  });

  test('a deletion key deletes only its own paste; another account’s key is refused', async () => {
    const one = await anonymous().create({ files: [{ name: 'a', content: 'a' }] });
    const two = await anonymous().create({ files: [{ name: 'b', content: 'b' }] });
    await rejects(anonymous().delete(two.id, { deletionKey: one.deletionKey }), 'auth');
    const owned = await createOwned();
    await rejects(provider({ key: bobKey }).delete(owned.id), 'auth');
    assert.ok(server.stored(two.id) && server.stored(owned.id));
  });

  test('no key at all is an auth error naming both keys, sending nothing', async () => {
    const err = await rejects(anonymous().delete(MISSING), 'auth');
    assert.match(err.message, /API key.*deletion key/);
    assert.deepEqual(sent(), []);
  });
});

describe('paste.gg errors and bad responses', () => {
  test('a wrong key is an auth error (401) and the planted key appears nowhere', async () => {
    const wrong = provider({ key: PLANTED, username: 'alice' });
    const created = await createOwned();
    const errors = [
      await rejects(wrong.create({ files: [{ name: 'a', content: 'a' }] }), 'auth'),
      await rejects(wrong.get(created.id), 'auth'),
      await rejects(wrong.listOwn(), 'auth'),
      await rejects(wrong.update(created.id, { title: 'x' }), 'auth'),
      await rejects(wrong.delete(created.id), 'auth'),
      await rejects(wrong.whoAmI(), 'auth'),
    ];
    for (const err of errors) {
      assert.equal(err.status, 401);
      assert.ok(!JSON.stringify(err).includes(PLANTED));
      assert.ok(!String(err.stack).includes(PLANTED));
    }
  });

  test('a server echoing the key in its message has it redacted', async () => {
    server.fault({ status: 400, body: JSON.stringify({ status: 'error', error: 'bad_api_key', message: `key ${PLANTED} is unknown` }), times: 1 });
    const err = await rejects(provider({ key: PLANTED }).get(MISSING), 'auth');
    assert.match(err.serviceMessage ?? '', /\[redacted\]/);
  });

  test('the real server’s bare 400 bad_request for an unusable key is an auth error', async () => {
    server.fault({ status: 400, body: '{"status":"error","error":"bad_request"}', contentType: 'text/plain', times: 1 });
    await rejects(alice().update(MISSING, { title: 'x' }), 'auth');
  });

  test('a 429 on create keeps its Retry-After; a 5xx HTML page is a server error', async () => {
    server.fault({ route: 'POST /api/v1/pastes', status: 429, retryAfter: 7, body: '{"status":"error","error":"rate_limited"}', times: 1 });
    const limited = await rejects(alice().create({ files: [{ name: 'a', content: 'a' }] }), 'rateLimited');
    assert.equal(limited.retryAfterSeconds, 7);
    server.fault({ status: 502, body: '<html><body>Bad Gateway</body></html>', contentType: 'text/html', times: 3 });
    const bad = await rejects(alice().get(MISSING), 'server');
    assert.equal(bad.serviceMessage, undefined, 'no HTML in the message');
  });

  const corpus: { name: string; body: string }[] = [
    { name: 'a success envelope without result', body: '{"status":"success"}' },
    { name: 'result null', body: '{"status":"success","result":null}' },
    { name: 'result a list', body: '{"status":"success","result":[]}' },
    { name: 'a paste without id', body: '{"status":"success","result":{"files":[]}}' },
    { name: 'a paste id that is a number', body: '{"status":"success","result":{"id":5,"files":[]}}' },
    { name: 'a paste id that is not hex', body: '{"status":"success","result":{"id":"../../etc","files":[]}}' },
    { name: 'files not a list', body: `{"status":"success","result":{"id":"${MISSING}","files":"none"}}` },
    { name: 'files missing', body: `{"status":"success","result":{"id":"${MISSING}"}}` },
    { name: 'a file that is null', body: `{"status":"success","result":{"id":"${MISSING}","files":[null]}}` },
    { name: 'a file without id', body: `{"status":"success","result":{"id":"${MISSING}","files":[{"name":"a"}]}}` },
    { name: 'a file name that is a number', body: `{"status":"success","result":{"id":"${MISSING}","files":[{"id":"${MISSING}","name":7}]}}` },
    {
      name: 'base64 content that is not base64',
      body: `{"status":"success","result":{"id":"${MISSING}","files":[{"id":"${MISSING}","name":"a","content":{"format":"base64","value":"!!!"}}]}}`,
    },
    { name: 'an error envelope with 200', body: '{"status":"error","error":"internal_server_error"}' },
    { name: 'an unknown status', body: '{"status":"maybe","result":{}}' },
    { name: 'truncated JSON', body: '{"status":"success","result":{"id":"' },
    { name: 'an empty body', body: '' },
    { name: 'an HTML page', body: '<!doctype html><p>hello</p>' },
  ];
  for (const bad of corpus) {
    test(`get: ${bad.name} → a server PasteError`, async () => {
      server.fault({ route: 'GET /api/v1/pastes/*', status: 200, body: bad.body, times: 1 });
      const err = await rejects(alice().get(MISSING), 'server');
      assert.ok(!err.message.includes('undefined'), err.message);
    });
  }

  test('wrong optional field types are ignored, not trusted', async () => {
    server.fault({
      route: 'GET /api/v1/pastes/*',
      status: 200,
      body: JSON.stringify({
        status: 'success',
        result: {
          id: MISSING, name: 5, description: [], visibility: 'secret', created_at: 'yesterday', expires: 12, author: 'x',
          files: [{ id: MISSING, name: null, highlight_language: 3, content: { format: 'xz', value: 'abc' } }],
        },
      }),
      times: 1,
    });
    const paste = await alice().get(MISSING);
    assert.deepEqual(
      [paste.title, paste.description, paste.visibility, paste.createdAt, paste.expiresAt, paste.owner],
      [undefined, undefined, undefined, undefined, undefined, undefined],
    );
    assert.equal(paste.files[0]!.name, 'pastefile1');
    assert.equal(paste.files[0]!.content, undefined);
    assert.equal(paste.complete, false);
  });

  test('listings with a non-list result are server errors', async () => {
    server.fault({ status: 200, body: '{"status":"success","result":{"id":"x"}}', times: 2 });
    await rejects(alice().listOwn(), 'server');
    await rejects(alice().listRecent(), 'server');
  });
});

describe('paste.gg cancellation', () => {
  test('an already aborted signal sends nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    await rejects(alice().get(MISSING, { signal: controller.signal }), 'cancelled');
    assert.deepEqual(sent(), []);
  });

  test('aborting a slow create cancels it', async () => {
    server.fault({ route: 'POST /api/v1/pastes', delayMs: 500, times: 1 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    await rejects(alice().create({ files: [{ name: 'a', content: 'a' }] }, { signal: controller.signal }), 'cancelled');
  });
});

describe('paste.gg whoAmI and URLs', () => {
  test('whoAmI checks the key through the user listing when a username is set, else with a paste that cannot exist', async () => {
    assert.deepEqual(await alice().whoAmI(), { user: 'alice' });
    assert.deepEqual(sent(), ['GET /api/v1/users/alice/pastes?page=1']);
    server.resetLog();
    assert.deepEqual(await provider({ key: server.validCredentials.key }).whoAmI(), {});
    assert.deepEqual(sent(), [`GET /api/v1/pastes/${'0'.repeat(32)}`]);
    await rejects(anonymous().whoAmI(), 'auth');
  });

  test('idFromUrl knows web pages, short links and API URLs of this instance only', () => {
    const id = '0123456789abcdef0123456789abcdef';
    const p = alice();
    assert.equal(p.idFromUrl(`${server.origin}/p/alice/${id}`), id);
    assert.equal(p.idFromUrl(`${server.origin}/p/anonymous/${id}/files/${MISSING}/raw`), id);
    assert.equal(p.idFromUrl(`${server.origin}/${id}`), id);
    assert.equal(p.idFromUrl(`${server.apiBase}/pastes/${id}?full=true`), id);
    assert.equal(p.idFromUrl(`https://elsewhere.example/p/alice/${id}`), undefined);
    assert.equal(p.idFromUrl(`${server.origin}/p/alice/not-an-id`), undefined);
    assert.equal(p.idFromUrl('not a url'), undefined);
  });

  test('for the public service, pages are on paste.gg and the API on api.paste.gg', () => {
    const id = '0123456789abcdef0123456789abcdef';
    const p = createPasteGgProvider({ baseUrl: 'https://api.paste.gg/v1/' });
    assert.equal(p.baseUrl, 'https://api.paste.gg/v1');
    assert.equal(p.idFromUrl(`https://paste.gg/p/someone/${id}`), id);
    assert.equal(p.idFromUrl(`https://api.paste.gg/v1/pastes/${id}`), id);
    const custom = createPasteGgProvider({ baseUrl: 'https://api.paste.gg/v1', webUrl: 'https://pastes.example' });
    assert.equal(custom.idFromUrl(`https://pastes.example/p/x/${id}`), id);
  });
});

describe('paste.gg server rules', () => {
  test('JSON routes need Content-Type application/json (otherwise the route does not match: 404)', async () => {
    const res = await fetch(`${server.apiBase}/pastes`, { method: 'POST', body: '{"files":[]}', headers: { 'Content-Type': 'text/plain' } });
    assert.equal(res.status, 404);
    assert.equal(await res.text(), '{"status":"error","error":"not_found"}');
  });

  test('unknown API routes get the catcher JSON as text; other pages an HTML 404; /<id> redirects to /p/<owner>/<id>', async () => {
    const api = await fetch(`${server.apiBase}/pastes/`);
    assert.equal(api.status, 404);
    assert.match(api.headers.get('content-type') ?? '', /^text\/plain/);
    const page = await fetch(`${server.origin}/nothing/here`);
    assert.equal(page.status, 404);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    const created = await createOwned();
    const short = await fetch(`${server.origin}/${created.id}`, { redirect: 'manual' });
    assert.equal(short.status, 302);
    assert.equal(short.headers.get('location'), `/p/alice/${created.id}`);
    assert.equal((await fetch(`${server.origin}/p/alice/${created.id}`)).status, 200);
    assert.equal((await fetch(`${server.origin}/p/bob/${created.id}`)).status, 404);
  });

  test('PATCH without a key is 401 must_be_authed; content comes only with full=true', async () => {
    const created = await createOwned();
    const res = await fetch(`${server.apiBase}/pastes/${created.id}`, { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    assert.equal(res.status, 401);
    assert.equal(((await res.json()) as { error: string }).error, 'must_be_authed');
    const brief = (await (await fetch(`${server.apiBase}/pastes/${created.id}`)).json()) as { result: { files: object[] } };
    assert.ok(!('content' in brief.result.files[0]!));
  });

  test('gzip input is decoded; the user listing gives 400 for page 0 and a preview of the first text file', async () => {
    const key = server.addUser('dave');
    const text = 'x\n'.repeat(500);
    const res = await fetch(`${server.apiBase}/pastes`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Key ${key}` },
      body: JSON.stringify({ files: [{ name: 'g.txt', content: { format: 'gzip', value: gzipSync(text).toString('base64') } }, { name: 't.txt', content: { format: 'text', value: text } }] }),
    });
    assert.equal(res.status, 201);
    const { result } = (await res.json()) as { result: { id: string } };
    assert.equal(server.stored(result.id)?.files[0]?.content, text);
    assert.equal((await fetch(`${server.apiBase}/users/dave/pastes?page=0`)).status, 400);
    const listing = (await (await fetch(`${server.apiBase}/users/dave/pastes`, { headers: { Authorization: `Key ${key}` } })).json()) as {
      result: { files: { content?: { value: string } }[] }[];
    };
    const [gz, plain] = listing.result[0]!.files;
    assert.equal(gz!.content, undefined, 'binary files get no preview');
    assert.ok(plain!.content && plain.content.value.length < text.length && text.startsWith(plain.content.value));
  });
});
