// ONE contract, run against every provider on its faithful local server.
// Each provider's entry file starts its server and calls runContractSuite; the
// cases read the provider's capabilities and check either the behaviour or that
// the call is refused as `unsupported` without a request.
import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { PasteError, type PasteErrorKind } from '../../../src/core/errors';
import type { Credentials, Paste, PasteProvider, ProviderOptions } from '../../../src/core/model';
import type { ContractServer } from '../../servers/base';

export const PLANTED_KEY = 'PLANTED-secret-key-7f3a9c1e5b';

export interface ContractSubject<S extends ContractServer = ContractServer> {
  /** Display name used in test names, e.g. "paste.gg". */
  name: string;
  startServer(): Promise<S>;
  /** A provider for this server with the given credentials (undefined: none configured). */
  createProvider(server: S, credentials: Credentials | undefined, extra?: Partial<ProviderOptions>): PasteProvider;
  /** Credentials the server refuses; must contain PLANTED_KEY (as key or password). */
  wrongCredentials: Credentials;
  /** The route (`METHOD /path`, `*` for a segment) that creates a paste. */
  createRoute: string;
  /** An id in the service's format that the server does not hold. */
  missingId: string;
  /** Content the server (as started) refuses as too large. */
  largeContent: () => string;
}

/** Bodies no provider can make sense of; each must become a PasteError. */
export const BAD_BODIES: readonly { name: string; status: number; body: string; contentType: string }[] = [
  { name: 'an HTML error page with 200', status: 200, body: '<!doctype html><html><body><h1>Welcome to nginx!</h1></body></html>', contentType: 'text/html' },
  { name: 'an HTML error page with 502', status: 502, body: '<html><head><title>502 Bad Gateway</title></head></html>', contentType: 'text/html' },
  { name: 'an empty body with 200', status: 200, body: '', contentType: 'application/json' },
  { name: 'an empty body with 500', status: 500, body: '', contentType: 'text/plain' },
  { name: 'truncated JSON', status: 200, body: '{"status":"success","result":{"id":"ab', contentType: 'application/json' },
  { name: 'JSON null', status: 200, body: 'null', contentType: 'application/json' },
  { name: 'a JSON array', status: 200, body: '[1,2,3]', contentType: 'application/json' },
  { name: 'an empty object', status: 200, body: '{}', contentType: 'application/json' },
  { name: 'a JSON string', status: 200, body: '"ok"', contentType: 'application/json' },
  {
    name: 'every known field with the wrong type',
    status: 200,
    body: JSON.stringify({
      status: 'success', success: true, result: 7, paste: 'x', details: [], pastes: 'none', data: {},
      id: {}, paste_id: [], paste_id_repr: null, name: 5, files: 'nope', sections: 3, file_content: 9, contents: {},
    }),
    contentType: 'application/json',
  },
  { name: 'JSON with a text/html content type', status: 200, body: '{"unexpected": true}', contentType: 'text/html' },
  { name: 'a 418 with a plain text body', status: 418, body: "I'm a teapot", contentType: 'text/plain' },
];

async function rejectsWith(promise: Promise<unknown>, kind: PasteErrorKind | PasteErrorKind[]): Promise<PasteError> {
  const kinds = Array.isArray(kind) ? kind : [kind];
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof PasteError, `expected a PasteError, got ${String(err)}`);
    assert.ok(kinds.includes(err.kind), `expected kind ${kinds.join('|')}, got ${err.kind}: ${err.message}`);
    assert.ok(!err.message.includes(PLANTED_KEY), `the error message leaks the key: ${err.message}`);
    assert.ok(!err.message.includes('undefined'), `the error message shows "undefined": ${err.message}`);
    return err;
  }
  assert.fail(`expected a PasteError of kind ${kinds.join('|')}, but the call succeeded`);
}

function assertWellFormed(paste: Paste): void {
  assert.equal(typeof paste.id, 'string');
  assert.ok(paste.id.length > 0, 'paste id is empty');
  assert.ok(Array.isArray(paste.files), 'files is not an array');
  for (const file of paste.files) {
    assert.equal(typeof file.name, 'string', 'a file name is not a string');
    if (file.content !== undefined) assert.equal(typeof file.content, 'string');
  }
  for (const key of ['createdAt', 'updatedAt', 'expiresAt'] as const) {
    if (paste[key] !== undefined) assert.ok(!Number.isNaN(Date.parse(paste[key]!)), `${key} is not a date: ${paste[key]}`);
  }
}

export function runContractSuite<S extends ContractServer>(subject: ContractSubject<S>): void {
  describe(`contract: ${subject.name}`, () => {
    let server: S;
    let keyed: PasteProvider;
    let anonymous: PasteProvider;
    let caps: PasteProvider['capabilities'];

    before(async () => {
      server = await subject.startServer();
      keyed = subject.createProvider(server, server.validCredentials);
      anonymous = subject.createProvider(server, undefined);
      caps = keyed.capabilities;
    });
    after(async () => {
      await server.close();
    });

    /** Runs `fn` and asserts the server received no request meanwhile. */
    async function noRequest(fn: () => Promise<unknown>): Promise<void> {
      const before = server.requests.length;
      await fn();
      assert.deepEqual(server.requests.slice(before).map((r) => `${r.method} ${r.path}`), [], 'a request was sent');
    }

    async function createOne(provider = keyed, name = 'hello.py', content = 'print("hello")\n'): Promise<Paste> {
      return provider.create({ title: 'contract', files: [{ name, content, language: 'python' }] });
    }

    test(`${subject.name} › creates a single-file paste with a key in exactly one create request`, async (t) => {
      if (!caps.createWithKey) return t.skip('the service cannot create with a key');
      const before = server.requestsTo(subject.createRoute).length;
      const paste = await createOne();
      assertWellFormed(paste);
      assert.equal(server.requestsTo(subject.createRoute).length - before, 1);
      assert.deepEqual(server.stored(paste.id)?.files.map((f) => f.content), ['print("hello")\n']);
    });

    test(`${subject.name} › creates anonymously where allowed, else refuses with an auth error`, async () => {
      if (caps.createAnonymous) {
        const paste = await createOne(anonymous);
        assertWellFormed(paste);
        assert.ok(server.stored(paste.id));
        if (caps.deleteWithDeletionKey) assert.ok(paste.deletionKey, 'an anonymous paste comes with a deletion key');
      } else {
        const before = server.requestsTo(subject.createRoute).length;
        await rejectsWith(createOne(anonymous), 'auth');
        assert.equal(server.requestsTo(subject.createRoute).length, before, 'no create was sent without a key');
      }
    });

    test(`${subject.name} › a multi-file create is one request on multi-file services, refused unsent elsewhere`, async () => {
      const files = [
        { name: 'a.ts', content: 'export const a = 1;\n', language: 'typescript' },
        { name: 'b.md', content: '# B\n', language: 'markdown' },
      ];
      if (caps.multiFile) {
        const before = server.requestsTo(subject.createRoute).length;
        const paste = await keyed.create({ title: 'two files', files });
        assert.equal(server.requestsTo(subject.createRoute).length - before, 1);
        assert.deepEqual(server.stored(paste.id)?.files.map((f) => f.content).sort(), ['# B\n', 'export const a = 1;\n']);
      } else {
        await noRequest(() => rejectsWith(keyed.create({ files }), 'unsupported'));
      }
    });

    test(`${subject.name} › gets a paste in full with its content, name and language`, async () => {
      const created = await createOne();
      const paste = await keyed.get(created.id, { full: true });
      assertWellFormed(paste);
      assert.equal(paste.id, created.id);
      assert.equal(paste.complete, true);
      assert.equal(paste.files.length, 1);
      assert.equal(paste.files[0]!.content, 'print("hello")\n');
      assert.equal(paste.files[0]!.language, 'python');
    });

    test(`${subject.name} › a missing paste is notFound`, async () => {
      await rejectsWith(keyed.get(subject.missingId, { full: true }), 'notFound');
    });

    test(`${subject.name} › lists own pastes page by page to the end, each once`, async () => {
      if (!caps.listOwn) return noRequest(() => rejectsWith(keyed.listOwn(), 'unsupported'));
      const seeded = server.seed(45, { owned: true });
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let pages = 0; pages < 50; pages++) {
        const page = await keyed.listOwn({ cursor, limit: 20 });
        page.items.forEach(assertWellFormed);
        seen.push(...page.items.map((p) => p.id));
        cursor = page.next;
        if (!cursor) break;
      }
      assert.equal(cursor, undefined, 'the listing ended');
      assert.equal(new Set(seen).size, seen.length, 'no paste listed twice');
      for (const id of seeded) assert.ok(seen.includes(id), `seeded paste ${id} was listed`);
    });

    test(`${subject.name} › listing own pastes without credentials is an auth error`, async () => {
      if (!caps.listOwn) return;
      await rejectsWith(anonymous.listOwn(), 'auth');
    });

    test(`${subject.name} › lists recent public pastes where the service has them`, async () => {
      if (!caps.listRecent) return noRequest(() => rejectsWith(keyed.listRecent(), 'unsupported'));
      const seeded = server.seed(5, { owned: false });
      const first = await anonymous.listRecent({ limit: 10 });
      first.items.forEach(assertWellFormed);
      assert.ok(first.items.length > 0);
      const seen = [...first.items.map((p) => p.id)];
      let cursor = first.next;
      for (let pages = 0; cursor && pages < 20; pages++) {
        const page = await anonymous.listRecent({ cursor, limit: 10 });
        page.items.forEach(assertWellFormed);
        seen.push(...page.items.map((p) => p.id));
        cursor = page.next;
      }
      assert.equal(new Set(seen).size, seen.length, 'no paste listed twice');
      assert.ok(seeded.some((id) => seen.includes(id)), 'a recent public paste is listed');
    });

    test(`${subject.name} › updates content where the service can edit, else refuses unsent`, async () => {
      const created = await createOne();
      if (!caps.updateContent) {
        return noRequest(() =>
          rejectsWith(keyed.update(created.id, { files: [{ kind: 'update', id: created.files[0]?.id, content: 'x' }] }), 'unsupported'),
        );
      }
      const updated = await keyed.update(created.id, {
        files: [{ kind: 'update', id: created.files[0]?.id, content: 'print("changed")\n' }],
      });
      assertWellFormed(updated);
      assert.deepEqual(server.stored(created.id)?.files.map((f) => f.content), ['print("changed")\n']);
    });

    test(`${subject.name} › updates the title where the service can, else refuses unsent`, async () => {
      const created = await createOne();
      if (!(caps.updateMetadata && caps.title)) {
        return noRequest(() => rejectsWith(keyed.update(created.id, { title: 'renamed' }), 'unsupported'));
      }
      const updated = await keyed.update(created.id, { title: 'renamed' });
      assert.equal(updated.title, 'renamed');
      assert.equal((await keyed.get(created.id)).title, 'renamed');
    });

    test(`${subject.name} › adds, renames and removes files where the service can, else refuses unsent`, async () => {
      const created = await createOne();
      if (!caps.addFile) {
        await noRequest(() => rejectsWith(keyed.update(created.id, { files: [{ kind: 'add', name: 'n.txt', content: 'n' }] }), 'unsupported'));
      } else {
        await keyed.update(created.id, { files: [{ kind: 'add', name: 'extra.txt', content: 'extra\n' }] });
        assert.deepEqual(server.stored(created.id)?.files.map((f) => f.name).sort(), ['extra.txt', 'hello.py']);
      }
      const current = await keyed.get(created.id, { full: true });
      const main = current.files.find((f) => f.name === 'hello.py')!;
      if (!caps.renameFile) {
        await noRequest(() => rejectsWith(keyed.update(created.id, { files: [{ kind: 'update', id: main.id, name: 'x.py' }] }), 'unsupported'));
      } else {
        await keyed.update(created.id, { files: [{ kind: 'update', id: main.id, name: 'renamed.py' }] });
        assert.ok(server.stored(created.id)?.files.some((f) => f.name === 'renamed.py'));
      }
      if (!caps.removeFile) {
        await noRequest(() => rejectsWith(keyed.update(created.id, { files: [{ kind: 'remove', id: main.id ?? 'x' }] }), 'unsupported'));
      } else {
        const extra = (await keyed.get(created.id)).files.find((f) => f.name === 'extra.txt');
        assert.ok(extra?.id);
        await keyed.update(created.id, { files: [{ kind: 'remove', id: extra.id }] });
        assert.equal(server.stored(created.id)?.files.length, 1);
      }
    });

    test(`${subject.name} › deletes with the owner's key where allowed, and the paste is gone`, async () => {
      const created = await createOne();
      if (!caps.deleteWithKey) return noRequest(() => rejectsWith(keyed.delete(created.id), 'unsupported'));
      await keyed.delete(created.id);
      assert.equal(server.stored(created.id), undefined);
      await rejectsWith(keyed.get(created.id), 'notFound');
    });

    test(`${subject.name} › deletes with the deletion key returned on create, without an account key`, async (t) => {
      if (!caps.deleteWithDeletionKey) {
        return noRequest(() => rejectsWith(anonymous.delete('whatever', { deletionKey: 'some-key' }), 'unsupported'));
      }
      const created = await createOne(caps.createAnonymous ? anonymous : keyed);
      if (!created.deletionKey) return t.skip('this create returned no deletion key');
      await anonymous.delete(created.id, { deletionKey: created.deletionKey });
      assert.equal(server.stored(created.id), undefined);
    });

    test(`${subject.name} › wrong credentials are an auth error, create nothing and never appear in the message`, async () => {
      const wrong = subject.createProvider(server, subject.wrongCredentials);
      const before = server.requestsTo(subject.createRoute).length;
      const err = await rejectsWith(createOne(wrong), 'auth');
      assert.ok(err.status === 401 || err.status === 403, `status ${err.status}`);
      assert.ok(server.requestsTo(subject.createRoute).length - before <= 2, 'at most a challenge and one refused create');
      assert.ok(!JSON.stringify(err).includes(PLANTED_KEY));
      assert.ok(!String(err.stack).includes(PLANTED_KEY));
    });

    test(`${subject.name} › invalid input is refused as invalid`, async () => {
      await rejectsWith(keyed.create({ files: [] }), 'invalid');
      await rejectsWith(keyed.create({ files: [{ name: 'empty.txt', content: '' }] }), 'invalid');
    });

    test(`${subject.name} › content over the service's limit is refused as tooLarge`, async () => {
      await rejectsWith(keyed.create({ files: [{ name: 'big.txt', content: subject.largeContent() }] }), 'tooLarge');
    });

    test(`${subject.name} › credentials are never sent over plain http to a non-loopback host`, async () => {
      const sent: string[] = [];
      const recording: typeof fetch = async (input, init) => {
        sent.push(`${String(input)} ${JSON.stringify(init?.headers ?? {})} ${String(init?.body ?? '')}`);
        throw new TypeError('fetch failed');
      };
      const remote = subject.createProvider(server, subject.wrongCredentials, { baseUrl: 'http://paste.example.invalid', fetch: recording });
      await rejectsWith(createOne(remote), ['invalid', 'network']);
      if (caps.listOwn) await rejectsWith(remote.listOwn(), ['invalid', 'network']);
      for (const request of sent) {
        assert.ok(!request.includes(PLANTED_KEY), `credentials went over plain http: ${request}`);
        assert.doesNotMatch(request, /"authorization"|"x-auth-token"/i);
      }
    });

    test(`${subject.name} › a read answered 429 with Retry-After is retried and succeeds`, async () => {
      const created = await createOne();
      server.fault({ status: 429, retryAfter: 1, times: 1 });
      const paste = await keyed.get(created.id, { full: true });
      assert.equal(paste.id, created.id);
    });

    test(`${subject.name} › a create answered 429 is not retried and is rateLimited`, async () => {
      server.fault({ route: subject.createRoute, status: 429, retryAfter: 1, times: 5 });
      const before = server.requestsTo(subject.createRoute).length;
      const err = await rejectsWith(createOne(), ['rateLimited', 'auth']).finally(() => server.clearFaults());
      assert.equal(server.requestsTo(subject.createRoute).length - before, 1, 'the create was sent once');
      if (err.kind === 'rateLimited') assert.equal(err.retryAfterSeconds, 1);
    });

    test(`${subject.name} › a create whose connection drops is a network error and is sent once`, async () => {
      server.fault({ route: subject.createRoute, drop: true, times: 5 });
      const before = server.requestsTo(subject.createRoute).length;
      await rejectsWith(createOne(), 'network').finally(() => server.clearFaults());
      assert.equal(server.requestsTo(subject.createRoute).length - before, 1);
    });

    test(`${subject.name} › a slow answer times out`, async () => {
      const created = await createOne();
      const impatient = subject.createProvider(server, server.validCredentials, { timeoutMs: 150 });
      server.fault({ delayMs: 600 });
      await rejectsWith(impatient.get(created.id, { full: true }), 'timeout').finally(() => server.clearFaults());
    });

    test(`${subject.name} › an aborted request is cancelled`, async () => {
      const created = await createOne();
      server.fault({ delayMs: 600 });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      await rejectsWith(keyed.get(created.id, { full: true, signal: controller.signal }), 'cancelled').finally(() => server.clearFaults());
    });

    describe(`${subject.name} › bad responses become typed errors`, () => {
      for (const bad of BAD_BODIES) {
        test(`${subject.name} › ${bad.name}`, async () => {
          const created = await createOne();
          server.fault({ status: bad.status, body: bad.body, contentType: bad.contentType });
          try {
            const fresh = subject.createProvider(server, server.validCredentials, { timeoutMs: 2000 });
            await rejectsWith(fresh.get(created.id, { full: true }), ['server', 'invalid', 'notFound', 'auth', 'rateLimited', 'tooLarge']);
            await rejectsWith(createOne(fresh), ['server', 'invalid', 'notFound', 'auth', 'tooLarge', 'unsupported']);
            for (const list of [caps.listOwn && (() => fresh.listOwn()), caps.listRecent && (() => fresh.listRecent())]) {
              if (!list) continue;
              try {
                const page = await list();
                page.items.forEach(assertWellFormed);
              } catch (err) {
                assert.ok(err instanceof PasteError, `listing threw ${String(err)}`);
              }
            }
          } finally {
            server.clearFaults();
          }
        });
      }
      test(`${subject.name} › a huge body`, async () => {
        const created = await createOne();
        server.fault({ status: 200, body: `{"x":"${'a'.repeat(17 * 1024 * 1024)}"}`, contentType: 'application/json', times: 3 });
        await rejectsWith(keyed.get(created.id, { full: true }), ['tooLarge', 'server']).finally(() => server.clearFaults());
      });
    });
  });
}
