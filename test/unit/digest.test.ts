import { strict as assert } from 'node:assert';
import { createHash, randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import {
  DigestSession,
  digestResponse,
  formatDigestAuthorization,
  parseWwwAuthenticate,
  randomCnonce,
  selectDigestChallenge,
} from '../../src/core/digest';
import { md5, md5Hex } from '../../src/core/md5';

const nodeMd5 = (data: string | Uint8Array) => createHash('md5').update(data).digest('hex');

/** The fields of an Authorization header (a small independent reader for assertions). */
function fields(header: string): Record<string, string> {
  assert.match(header, /^Digest /);
  const out: Record<string, string> = {};
  const re = /([\w*-]+)=(?:"((?:[^"\\]|\\.)*)"|([^,\s]+))/g;
  for (let m = re.exec(header); m; m = re.exec(header)) out[m[1]!] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]!;
  return out;
}

describe('md5', () => {
  test('matches every test vector of RFC 1321 appendix A.5', () => {
    const vectors: [string, string][] = [
      ['', 'd41d8cd98f00b204e9800998ecf8427e'],
      ['a', '0cc175b9c0f1b6a831c399e269772661'],
      ['abc', '900150983cd24fb0d6963f7d28e17f72'],
      ['message digest', 'f96b697d7cb7938d525a2f31aaf161d0'],
      ['abcdefghijklmnopqrstuvwxyz', 'c3fcd3d76192e4007dfb496cca67e13b'],
      ['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 'd174ab98d277d9f5a5611c2c9f419d9f'],
      ['12345678901234567890123456789012345678901234567890123456789012345678901234567890', '57edf4a22be3c955ac49da2e2107b67a'],
    ];
    for (const [input, expected] of vectors) assert.equal(md5Hex(input), expected, JSON.stringify(input));
  });

  test('hashes a million "a" (a long input crossing many blocks)', () => {
    assert.equal(md5Hex('a'.repeat(1_000_000)), '7707d6ae4e027c70eea2a935c2296f21');
  });

  test('agrees with node:crypto at every length around the 56/64-byte padding boundaries and on 3 MB of random bytes', () => {
    for (let length = 0; length <= 200; length++) {
      const bytes = randomBytes(length);
      assert.equal(md5Hex(bytes), nodeMd5(bytes), `length ${length}`);
    }
    const big = randomBytes(3 * 1024 * 1024 + 7);
    assert.equal(md5Hex(big), nodeMd5(big));
  });

  test('hashes strings as UTF-8 and returns 16 raw bytes', () => {
    const text = 'Grüße, 世界 🌍';
    assert.equal(md5Hex(text), nodeMd5(Buffer.from(text, 'utf8')));
    assert.equal(md5(text).length, 16);
    assert.equal(Buffer.from(md5('abc')).toString('hex'), '900150983cd24fb0d6963f7d28e17f72');
  });
});

describe('digest response', () => {
  test('reproduces the RFC 2617 section 3.5 example (Mufasa / "Circle Of Life")', () => {
    const input = {
      username: 'Mufasa',
      password: 'Circle Of Life',
      realm: 'testrealm@host.com',
      nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
      method: 'GET',
      uri: '/dir/index.html',
      qop: 'auth' as const,
      nc: '00000001',
      cnonce: '0a4f113b',
    };
    assert.equal(digestResponse(input), '6629fae49393a05397450978507c4ef1');
    const header = formatDigestAuthorization({ ...input, opaque: '5ccc069c403ebaf9f0171e9517f40e41' });
    assert.deepEqual(fields(header), {
      username: 'Mufasa',
      realm: 'testrealm@host.com',
      nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
      uri: '/dir/index.html',
      qop: 'auth',
      nc: '00000001',
      cnonce: '0a4f113b',
      response: '6629fae49393a05397450978507c4ef1',
      opaque: '5ccc069c403ebaf9f0171e9517f40e41',
    });
    // qop and nc are tokens, never quoted (RFC 7616 section 3.4).
    assert.match(header, /, qop=auth, nc=00000001, /);
  });

  test('reproduces the RFC 7616 section 3.9.1 MD5 example', () => {
    assert.equal(
      digestResponse({
        username: 'Mufasa',
        password: 'Circle of Life',
        realm: 'http-auth@example.org',
        nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
        method: 'GET',
        uri: '/dir/index.html',
        algorithm: 'MD5',
        qop: 'auth',
        nc: '00000001',
        cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
      }),
      '8ca523f5e9506fed4657c9700eebdbec',
    );
  });

  test('computes MD5-sess, auth-int and the qop-less RFC 2069 form from their definitions', () => {
    const base = { username: 'u', password: 'p', realm: 'r', nonce: 'n', method: 'POST', uri: '/x/', nc: '00000002', cnonce: 'c' };
    const ha1 = nodeMd5('u:r:p');
    const ha2 = nodeMd5('POST:/x/');
    assert.equal(digestResponse({ ...base }), nodeMd5(`${ha1}:n:${ha2}`));
    assert.equal(digestResponse({ ...base, qop: 'auth' }), nodeMd5(`${ha1}:n:00000002:c:auth:${ha2}`));
    const sess = nodeMd5(`${ha1}:n:c`);
    assert.equal(digestResponse({ ...base, qop: 'auth', algorithm: 'MD5-sess' }), nodeMd5(`${sess}:n:00000002:c:auth:${ha2}`));
    const ha2int = nodeMd5(`POST:/x/:${nodeMd5('{"a":1}')}`);
    assert.equal(digestResponse({ ...base, qop: 'auth-int', body: '{"a":1}' }), nodeMd5(`${ha1}:n:00000002:c:auth-int:${ha2int}`));
  });

  test('escapes quotes and backslashes in quoted values and sends a non-ASCII username as username*', () => {
    const common = { password: 'p', realm: 'r', nonce: 'n', method: 'GET', uri: '/', qop: 'auth' as const, nc: '00000001', cnonce: 'c' };
    const header = formatDigestAuthorization({ ...common, username: 'a"b\\c' });
    assert.match(header, /username="a\\"b\\\\c"/);
    assert.equal(fields(header).username, 'a"b\\c');
    const unicode = formatDigestAuthorization({ ...common, username: 'jürgen' });
    assert.match(unicode, /username\*=UTF-8''j%C3%BCrgen/);
    assert.doesNotMatch(unicode, /[^\x20-\x7e]/);
  });
});

describe('WWW-Authenticate parsing', () => {
  test('reads quoted and unquoted parameters, case-insensitive names, and commas inside quotes', () => {
    const [c] = parseWwwAuthenticate('Digest REALM="a, b", nonce=abc123, qop="auth,auth-int", algorithm=MD5, opaque="x\\"y"');
    assert.equal(c?.scheme, 'Digest');
    assert.deepEqual(c?.params, { realm: 'a, b', nonce: 'abc123', qop: 'auth,auth-int', algorithm: 'MD5', opaque: 'x"y' });
  });

  test('splits several challenges, including token68 ones and headers joined with ", "', () => {
    const header = 'Negotiate YIIBzgYGKwYBBQUCoIIBwjCCAb6gMDAuBgkqhkiG9w0BAQEF==, Basic realm="simple", Newauth realm="apps", type=1, title="Login to \\"apps\\"", Digest realm="ownpaste", nonce="n1", qop="auth", algorithm=MD5';
    const all = parseWwwAuthenticate(header);
    assert.deepEqual(all.map((c) => c.scheme), ['Negotiate', 'Basic', 'Newauth', 'Digest']);
    assert.equal(all[0]?.token68, 'YIIBzgYGKwYBBQUCoIIBwjCCAb6gMDAuBgkqhkiG9w0BAQEF==');
    assert.deepEqual(all[2]?.params, { realm: 'apps', type: '1', title: 'Login to "apps"' });
    assert.equal(selectDigestChallenge(header)?.nonce, 'n1');
  });

  test('survives garbage: empty, unterminated quotes, stray characters, parameters before any scheme', () => {
    assert.deepEqual(parseWwwAuthenticate(''), []);
    assert.deepEqual(parseWwwAuthenticate(null), []);
    assert.deepEqual(parseWwwAuthenticate(' , ,, '), []);
    assert.equal(parseWwwAuthenticate('Digest realm="open, nonce=1')[0]?.params.realm, 'open, nonce=1');
    assert.deepEqual(parseWwwAuthenticate('realm=x, Digest nonce=y')[0]?.params, { nonce: 'y' });
    assert.equal(parseWwwAuthenticate('@@ Digest ;; realm="r", nonce="n"').find((c) => c.scheme === 'Digest')?.params.nonce, 'n');
    assert.equal(selectDigestChallenge('Digest'), undefined);
    assert.equal(selectDigestChallenge('Basic realm="x"'), undefined);
  });

  test('keeps an unquoted nonce with quote characters in it (Python 3 ownpaste sends nonce=b\'0f1e…\')', () => {
    const challenge = selectDigestChallenge("Digest realm=ownpaste, nonce=b'0f1e2d3c4b5a6978', qop=auth, algorithm=MD5");
    assert.equal(challenge?.nonce, "b'0f1e2d3c4b5a6978'");
    assert.equal(challenge?.realm, 'ownpaste');
  });

  test('chooses a Digest challenge it can answer: MD5 or MD5-sess, qop auth before auth-int, stale read case-insensitively', () => {
    const picked = selectDigestChallenge(
      'Digest realm="r", nonce="sha", algorithm=SHA-256, qop="auth", Digest realm="r", nonce="md5", algorithm=md5, qop="auth-int, auth", stale=TRUE',
    );
    assert.deepEqual(picked, { realm: 'r', nonce: 'md5', qop: 'auth', algorithm: 'MD5', opaque: undefined, stale: true });
    assert.equal(selectDigestChallenge('Digest realm="r", nonce="n", qop="auth-int"')?.qop, 'auth-int');
    assert.equal(selectDigestChallenge('Digest realm="r", nonce="n", qop="weird"'), undefined);
    assert.equal(selectDigestChallenge('Digest realm="r", nonce="n"')?.qop, undefined);
    assert.equal(selectDigestChallenge('Digest realm="r", nonce="n", algorithm="MD5-sess"')?.algorithm, 'MD5-sess');
    assert.equal(selectDigestChallenge('Digest realm="r", nonce="n", stale=false')?.stale, false);
    assert.equal(selectDigestChallenge('Digest realm="r"'), undefined, 'no nonce');
  });
});

describe('DigestSession', () => {
  test('counts nc up per nonce with a new random cnonce each time, and echoes opaque and algorithm', () => {
    const session = new DigestSession({ realm: 'ownpaste', nonce: 'abc', qop: 'auth', algorithm: 'MD5', opaque: 'op', stale: false });
    const creds = { username: 'alice', password: 'secret' };
    const first = fields(session.authorize('post', '/paste/', creds));
    const second = fields(session.authorize('GET', '/paste/?page=2&private=1', creds));
    assert.equal(first.nc, '00000001');
    assert.equal(second.nc, '00000002');
    assert.notEqual(first.cnonce, second.cnonce);
    assert.match(first.cnonce!, /^[0-9a-f]{32}$/);
    assert.equal(first.opaque, 'op');
    assert.equal(first.algorithm, 'MD5');
    assert.equal(second.uri, '/paste/?page=2&private=1');
    // The method is upper-cased before hashing.
    const ha1 = nodeMd5('alice:ownpaste:secret');
    assert.equal(first.response, nodeMd5(`${ha1}:abc:00000001:${first.cnonce}:auth:${nodeMd5('POST:/paste/')}`));
    assert.equal(session.nonceCount, 2);
    for (let i = 0; i < 14; i++) session.authorize('GET', '/', creds);
    assert.equal(fields(session.authorize('GET', '/', creds)).nc, '00000011', 'nc is hexadecimal');
  });

  test('omits qop, nc and cnonce for a challenge without qop', () => {
    const session = new DigestSession({ realm: 'r', nonce: 'n', algorithm: 'MD5', stale: false });
    const f = fields(session.authorize('GET', '/', { username: 'u', password: 'p' }));
    assert.equal(f.qop, undefined);
    assert.equal(f.nc, undefined);
    assert.equal(f.cnonce, undefined);
    assert.equal(f.opaque, undefined);
  });

  test('makes cnonces from crypto.getRandomValues', () => {
    const seen = new Set(Array.from({ length: 50 }, randomCnonce));
    assert.equal(seen.size, 50);
  });
});
