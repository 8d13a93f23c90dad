import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { HttpClient } from '../../src/core/http';
import { idOf, isObject, isoFromMillis, messageFrom, optCount, optString, parseUrl, providerHttp, trimUrl } from '../../src/core/json';

describe('json readers', () => {
  test('isObject: plain objects only, not arrays, null or other values', () => {
    assert.equal(isObject({}), true);
    assert.equal(isObject({ a: 1 }), true);
    assert.equal(isObject([]), false);
    assert.equal(isObject([{ a: 1 }]), false);
    assert.equal(isObject(null), false);
    assert.equal(isObject(undefined), false);
    assert.equal(isObject('{}'), false);
    assert.equal(isObject(0), false);
    assert.equal(isObject(true), false);
  });

  test('optString: strings, the empty one included; nothing else', () => {
    assert.equal(optString({ a: 'x' }, 'a'), 'x');
    assert.equal(optString({ a: '' }, 'a'), '');
    assert.equal(optString({ a: '  ' }, 'a'), '  ');
    assert.equal(optString({ a: 1 }, 'a'), undefined);
    assert.equal(optString({ a: null }, 'a'), undefined);
    assert.equal(optString({ a: ['x'] }, 'a'), undefined);
    assert.equal(optString({ a: { b: 'x' } }, 'a'), undefined);
    assert.equal(optString({}, 'a'), undefined);
  });

  test('optCount: finite numbers from 0 up; no strings, NaN, Infinity or negatives', () => {
    assert.equal(optCount({ n: 0 }, 'n'), 0);
    assert.equal(optCount({ n: 42 }, 'n'), 42);
    assert.equal(optCount({ n: 1.5 }, 'n'), 1.5);
    assert.equal(optCount({ n: -1 }, 'n'), undefined);
    assert.equal(optCount({ n: NaN }, 'n'), undefined);
    assert.equal(optCount({ n: Infinity }, 'n'), undefined);
    assert.equal(optCount({ n: -Infinity }, 'n'), undefined);
    assert.equal(optCount({ n: '12' }, 'n'), undefined);
    assert.equal(optCount({ n: '' }, 'n'), undefined);
    assert.equal(optCount({ n: [3] }, 'n'), undefined);
    assert.equal(optCount({ n: null }, 'n'), undefined);
    assert.equal(optCount({}, 'n'), undefined);
  });

  test('isoFromMillis: valid times as ISO 8601; NaN, Infinity and out-of-range as undefined', () => {
    assert.equal(isoFromMillis(0), '1970-01-01T00:00:00.000Z');
    assert.equal(isoFromMillis(1447193741000), '2015-11-10T22:15:41.000Z');
    assert.equal(isoFromMillis(-1000), '1969-12-31T23:59:59.000Z');
    assert.equal(isoFromMillis(8.64e15), '+275760-09-13T00:00:00.000Z');
    assert.equal(isoFromMillis(8.64e15 + 1), undefined);
    assert.equal(isoFromMillis(NaN), undefined);
    assert.equal(isoFromMillis(Infinity), undefined);
    assert.equal(isoFromMillis(-Infinity), undefined);
    assert.equal(isoFromMillis(Date.parse('not a date')), undefined);
  });

  test('idOf: safe integers from the minimum, or a path-safe string', () => {
    assert.equal(idOf(0, 0), '0');
    assert.equal(idOf(0, 1), undefined);
    assert.equal(idOf(7, 1), '7');
    assert.equal(idOf(-1, 0), undefined);
    assert.equal(idOf(1.5, 0), undefined);
    assert.equal(idOf(NaN, 0), undefined);
    assert.equal(idOf(Infinity, 0), undefined);
    assert.equal(idOf(2 ** 53, 0), undefined);
    assert.equal(idOf(' abc ', 1), 'abc');
    assert.equal(idOf('12', 1), '12');
    // A numeric string is an id as written, whatever the number minimum.
    assert.equal(idOf('0', 1), '0');
    assert.equal(idOf('', 0), undefined);
    assert.equal(idOf('   ', 0), undefined);
    assert.equal(idOf('a b', 0), undefined);
    assert.equal(idOf('a/b', 0), undefined);
    assert.equal(idOf('a?b', 0), undefined);
    assert.equal(idOf('a#b', 0), undefined);
    assert.equal(idOf('x'.repeat(200), 0), 'x'.repeat(200));
    assert.equal(idOf('x'.repeat(201), 0), undefined);
    assert.equal(idOf(['1'], 0), undefined);
    assert.equal(idOf({ id: 1 }, 0), undefined);
    assert.equal(idOf(null, 0), undefined);
    assert.equal(idOf(true, 0), undefined);
  });

  test('messageFrom: the first string field, redacted and clipped; blank ones skipped only when asked', () => {
    assert.equal(messageFrom({ message: 'no', error: 'x' }, ['message', 'error'], []), 'no');
    assert.equal(messageFrom({ message: 3, error: 'x' }, ['message', 'error'], []), 'x');
    assert.equal(messageFrom({ message: ['a'], detail: 'd' }, ['message', 'error', 'detail'], []), 'd');
    // Without skipBlank the first string wins even when empty: no message at all.
    assert.equal(messageFrom({ message: '', error: 'x' }, ['message', 'error'], []), undefined);
    assert.equal(messageFrom({ message: '  ', error: 'x' }, ['message', 'error'], []), '');
    assert.equal(messageFrom({ error: '  ', message: 'm' }, ['error', 'message'], [], true), 'm');
    assert.equal(messageFrom({ error: '', message: ' ' }, ['error', 'message'], [], true), undefined);
    assert.ok(!messageFrom({ message: 'key sk-123 refused' }, ['message'], ['sk-123'])!.includes('sk-123'));
    assert.ok(messageFrom({ message: 'x'.repeat(1000) }, ['message'], [])!.length <= 300);
    assert.equal(messageFrom([{ message: 'x' }], ['message'], []), undefined);
    assert.equal(messageFrom('message', ['message'], []), undefined);
    assert.equal(messageFrom(null, ['message'], []), undefined);
    assert.equal(messageFrom(undefined, ['message'], []), undefined);
    assert.equal(messageFrom({}, ['message'], []), undefined);
  });

  test('trimUrl: surrounding whitespace and trailing slashes go, nothing else', () => {
    assert.equal(trimUrl(' https://x.test/api/ '), 'https://x.test/api');
    assert.equal(trimUrl('https://x.test///'), 'https://x.test');
    assert.equal(trimUrl('https://x.test/a/b'), 'https://x.test/a/b');
    assert.equal(trimUrl(''), '');
    assert.equal(trimUrl('  '), '');
  });

  test('providerHttp: a client named for the service, with the instance fetch, timeout and insecure-http setting', async () => {
    const sent: string[] = [];
    const fetch: typeof globalThis.fetch = (input) => {
      sent.push(String(input instanceof Request ? input.url : input));
      return Promise.resolve(new Response('{"ok":true}', { status: 200, headers: { 'Content-Type': 'application/json' } }));
    };
    const credentials = { headers: { Authorization: 'k' }, credentialHeaders: ['Authorization'] };
    const strict = providerHttp('Some Paste', { baseUrl: 'http://paste.example', fetch });
    assert.ok(strict instanceof HttpClient);
    assert.equal(strict.service, 'Some Paste');
    await assert.rejects(strict.request({ method: 'GET', url: 'http://paste.example/a', ...credentials }), { kind: 'invalid' });
    const loose = providerHttp('Some Paste', { baseUrl: 'http://paste.example', fetch, allowInsecureHttp: true });
    const res = await loose.request({ method: 'GET', url: 'http://paste.example/a', ...credentials });
    assert.deepEqual(res.json, { ok: true });
    assert.deepEqual(sent, ['http://paste.example/a']);
    const hanging: typeof globalThis.fetch = (_input, init) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason as Error)));
    const slow = providerHttp('Some Paste', { baseUrl: 'https://paste.example', fetch: hanging, timeoutMs: 20 });
    await assert.rejects(slow.request({ method: 'POST', url: 'https://paste.example/a' }), { kind: 'timeout' });
  });
});

describe('parseUrl', () => {
  test('parses URLs and answers undefined for anything else', () => {
    assert.equal(parseUrl('https://paste.gg/p/alice/abc')?.host, 'paste.gg');
    assert.equal(parseUrl('not a url'), undefined);
    assert.equal(parseUrl(''), undefined);
  });
});
