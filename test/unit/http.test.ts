import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { PasteError } from '../../src/core/errors';
import { HttpClient, isLoopbackHost, parseRetryAfter } from '../../src/core/http';
import { json, startServer, type TestServer } from '../servers/base';

const KEY = 'PLANTED-http-key-0123456789';

describe('HttpClient', () => {
  let a: TestServer;
  let b: TestServer;
  before(async () => {
    b = await startServer('other-origin', (req) => json(200, { where: 'b', auth: req.header('authorization') ?? null }));
    a = await startServer('origin', (req) => {
      if (req.path === '/to-other') return { status: 307, headers: { Location: `${b.origin}/landed` } };
      if (req.path === '/to-same') return { status: 302, headers: { Location: '/landed' } };
      if (req.path === '/loop') return { status: 302, headers: { Location: '/loop' } };
      if (req.path === '/cookie') return { status: 200, headers: { 'Set-Cookie': 'session=abc; Path=/' }, body: 'ok' };
      if (req.path === '/text') return { status: 200, headers: { 'Content-Type': 'text/plain' }, body: 'not json' };
      return json(200, { where: 'a', method: req.method, auth: req.header('authorization') ?? null, cookie: req.header('cookie') ?? null });
    });
  });
  after(async () => {
    await a.close();
    await b.close();
  });

  const client = (extra: Partial<ConstructorParameters<typeof HttpClient>[0]> = {}) =>
    new HttpClient({ service: 'test', retryBaseDelayMs: 10, ...extra });

  test('answers any status with the parsed JSON, or undefined json for a non-JSON body', async () => {
    const ok = await client().request({ method: 'GET', url: `${a.origin}/x` });
    assert.equal(ok.status, 200);
    assert.deepEqual((ok.json as { where: string }).where, 'a');
    const text = await client().request({ method: 'GET', url: `${a.origin}/text` });
    assert.equal(text.text, 'not json');
    assert.equal(text.json, undefined);
    a.fault({ status: 500, body: '<html>oops</html>', contentType: 'text/html', times: 1 });
    const bad = await client({ retries: 0 }).request({ method: 'GET', url: `${a.origin}/x` });
    assert.equal(bad.status, 500);
    assert.equal(bad.json, undefined);
  });

  test('follows a same-origin redirect keeping the credentials', async () => {
    const res = await client().request({ method: 'GET', url: `${a.origin}/to-same`, headers: { Authorization: `Key ${KEY}` }, credentialHeaders: ['Authorization'] });
    assert.equal((res.json as { auth: string }).auth, `Key ${KEY}`);
  });

  test('never forwards credential headers across a cross-origin redirect', async () => {
    const res = await client().request({ method: 'GET', url: `${a.origin}/to-other`, headers: { Authorization: `Key ${KEY}` }, credentialHeaders: ['Authorization'] });
    assert.deepEqual(res.json, { where: 'b', auth: null });
    assert.equal(b.requests.at(-1)?.headers.authorization, undefined);
  });

  test('refuses to resend a body with credentials to another origin', async () => {
    await assert.rejects(
      client().request({ method: 'POST', url: `${a.origin}/to-other`, json: { api_key: KEY }, credentialsInBody: true, secrets: [KEY] }),
      (err: unknown) => err instanceof PasteError && err.kind === 'invalid' && !err.message.includes(KEY),
    );
  });

  test('stops after too many redirects', async () => {
    await assert.rejects(client().request({ method: 'GET', url: `${a.origin}/loop` }), (e: unknown) => e instanceof PasteError && e.kind === 'server');
  });

  test('refuses credentials over plain http to a non-loopback host unless allowed', async () => {
    let called = 0;
    const fetchSpy: typeof fetch = async () => {
      called++;
      return new Response('{}', { status: 200 });
    };
    const req = { method: 'GET' as const, url: 'http://paste.example.com/api', headers: { 'X-Auth-Token': KEY }, credentialHeaders: ['X-Auth-Token'] };
    await assert.rejects(client({ fetch: fetchSpy }).request(req), (e: unknown) => e instanceof PasteError && e.kind === 'invalid' && !e.message.includes(KEY));
    assert.equal(called, 0);
    await client({ fetch: fetchSpy, allowInsecureHttp: true }).request(req);
    assert.equal(called, 1);
    await client({ fetch: fetchSpy }).request({ method: 'GET', url: 'http://paste.example.com/api' });
    assert.equal(called, 2, 'no credentials: plain http is fine');
  });

  test('retries an idempotent request after 503 and a dropped connection', async () => {
    a.fault({ route: '/retry', status: 503, times: 1 });
    a.fault({ route: '/retry', drop: true, times: 1 });
    const before = a.requestsTo('/retry').length;
    const res = await client().request({ method: 'GET', url: `${a.origin}/retry` });
    assert.equal(res.status, 200);
    assert.equal(a.requestsTo('/retry').length - before, 3);
  });

  test('never retries a POST', async () => {
    a.fault({ route: '/create', status: 503, times: 1 });
    const res = await client().request({ method: 'POST', url: `${a.origin}/create`, json: {} });
    assert.equal(res.status, 503);
    a.fault({ route: '/create', drop: true, times: 1 });
    await assert.rejects(client().request({ method: 'POST', url: `${a.origin}/create`, json: {} }), (e: unknown) => e instanceof PasteError && e.kind === 'network');
    assert.equal(a.requestsTo('POST /create').length, 2);
  });

  test('honours Retry-After on 429 and gives up when it is longer than the bound', async () => {
    a.fault({ route: '/limited', status: 429, retryAfter: 1, times: 1 });
    const started = Date.now();
    const res = await client().request({ method: 'GET', url: `${a.origin}/limited` });
    assert.equal(res.status, 200);
    assert.ok(Date.now() - started >= 900, 'waited for Retry-After');
    a.fault({ route: '/limited', status: 429, retryAfter: 3600, times: 1 });
    const limited = await client().request({ method: 'GET', url: `${a.origin}/limited` });
    assert.equal(limited.status, 429, 'a long Retry-After is handed back, not slept through');
  });

  test('times out a slow answer', async () => {
    a.fault({ route: '/slow', delayMs: 500, times: 1 });
    await assert.rejects(client({ timeoutMs: 100, retries: 0 }).request({ method: 'GET', url: `${a.origin}/slow` }), (e: unknown) => e instanceof PasteError && e.kind === 'timeout');
  });

  test('a caller abort cancels the request and any retry wait', async () => {
    a.fault({ route: '/slow2', delayMs: 500, times: 1 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    await assert.rejects(client().request({ method: 'GET', url: `${a.origin}/slow2`, signal: controller.signal }), (e: unknown) => e instanceof PasteError && e.kind === 'cancelled');
    const pre = new AbortController();
    pre.abort();
    await assert.rejects(client().request({ method: 'GET', url: `${a.origin}/x`, signal: pre.signal }), (e: unknown) => e instanceof PasteError && e.kind === 'cancelled');
  });

  test('stops reading a body larger than the limit', async () => {
    a.fault({ route: '/huge', status: 200, body: 'x'.repeat(200_000), times: 1 });
    await assert.rejects(client({ maxResponseBytes: 100_000 }).request({ method: 'GET', url: `${a.origin}/huge` }), (e: unknown) => e instanceof PasteError && e.kind === 'tooLarge');
  });

  test('keeps no cookies between requests', async () => {
    const c = client();
    await c.request({ method: 'GET', url: `${a.origin}/cookie` });
    const res = await c.request({ method: 'GET', url: `${a.origin}/echo` });
    assert.equal((res.json as { cookie: string | null }).cookie, null);
  });

  test('a network error names the host and never the secrets', async () => {
    const failing: typeof fetch = async () => {
      throw new TypeError('fetch failed', { cause: new Error(`connect ECONNREFUSED with ${KEY}`) });
    };
    await assert.rejects(
      client({ fetch: failing, retries: 0 }).request({ method: 'GET', url: 'https://paste.example.com/x', secrets: [KEY] }),
      (e: unknown) => e instanceof PasteError && e.kind === 'network' && e.message.includes('paste.example.com') && !e.message.includes(KEY),
    );
  });
});

describe('http helpers', () => {
  test('parseRetryAfter reads seconds and HTTP dates', () => {
    assert.equal(parseRetryAfter('12'), 12);
    assert.equal(parseRetryAfter(null), undefined);
    assert.equal(parseRetryAfter('soon'), undefined);
    const fromDate = parseRetryAfter(new Date(Date.now() + 5000).toUTCString());
    assert.ok(fromDate !== undefined && fromDate >= 4 && fromDate <= 5, String(fromDate));
  });
  test('isLoopbackHost knows loopback names and addresses only', () => {
    for (const h of ['localhost', '127.0.0.1', '127.1.2.3', '[::1]', 'api.localhost']) assert.ok(isLoopbackHost(h), h);
    for (const h of ['example.com', '10.0.0.1', '128.0.0.1', 'localhost.example.com']) assert.ok(!isLoopbackHost(h), h);
  });
});
