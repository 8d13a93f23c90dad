import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { isHighEntropy, isPlaceholder, maskSecret, scanForSecrets, secretNameStrength, type SecretFinding } from '../../src/core/secretScan';

// Every token here is built at run time from obviously fake parts, so this file
// holds nothing a secret scanner would flag.

/** Deterministic random-looking text over an alphabet. */
function rand(length: number, seed: number, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'): string {
  let x = seed >>> 0 || 1;
  let out = '';
  for (let i = 0; i < length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out += alphabet[(x >>> 16) % alphabet.length];
  }
  return out;
}
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const b64url = (s: string) => Buffer.from(s).toString('base64url');
const PK = (label: string) => ['-----BEGIN ', label, 'PRIVATE', ' KEY-----'].join('');
const PK_END = (label: string) => ['-----END ', label, 'PRIVATE', ' KEY-----'].join('');
const pemBody = (seed: number) => Array.from({ length: 4 }, (_, i) => rand(64, seed + i, B64)).join('\n');

const scan = (content: string, name = 'file.txt') => scanForSecrets([{ name, content }]);
const brief = (fs: SecretFinding[]) => fs.map((f) => `${f.line}:${f.column} ${f.kind}`);

/** Asserts exactly one finding of `kind` at `line`, and that it does not leak the secret. */
function expectOne(content: string, kind: string, line: number, secret: string, name?: string): SecretFinding {
  const found = scan(content, name);
  assert.deepEqual(found.map((f) => [f.kind, f.line]), [[kind, line]], `findings: ${JSON.stringify(brief(found))}`);
  expectMasked(found[0]!, secret);
  return found[0]!;
}

function expectMasked(f: SecretFinding, secret: string): void {
  assert.ok(f.excerpt.endsWith('…'), f.excerpt);
  assert.ok(!f.excerpt.includes(secret.slice(0, 5)), `excerpt "${f.excerpt}" shows more than 4 characters of the secret`);
  assert.ok(!/[\r\n]/.test(f.excerpt));
}

describe('scanForSecrets: what it finds', () => {
  test('PEM private keys of every flavour, at the header line', () => {
    for (const label of ['', 'RSA ', 'EC ', 'DSA ', 'OPENSSH ', 'ENCRYPTED ']) {
      const body = pemBody(label.length + 7);
      const text = `# keys\n\n${PK(label)}\n${body}\n${PK_END(label)}\n`;
      const f = expectOne(text, 'Private key', 3, body);
      assert.equal(f.column, 1);
      assert.equal(f.excerpt, `${PK(label)}…`);
    }
  });

  test('a legacy encrypted PEM key with Proc-Type headers', () => {
    const body = pemBody(3);
    const text = `${PK('RSA ')}\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,${rand(32, 5, '0123456789ABCDEF')}\n\n${body}\n${PK_END('RSA ')}`;
    expectOne(text, 'Private key', 1, body);
  });

  test('a PEM key inside a one-line JSON string (service account file), even on a very long line', () => {
    const body = rand(1600, 11, B64);
    const json = `{"type": "service_account", "private_key": "${PK('')}\\n${body}\\n${PK_END('')}\\n", "pad": "${'a '.repeat(6000)}"}`;
    const found = scan(`{\n${json}\n}`, 'sa.json');
    assert.deepEqual(brief(found), [`2:${json.indexOf('-----') + 1} Private key`]);
  });

  test('a PEM header with no key body (code or docs that mention keys) is not a finding', () => {
    assert.deepEqual(scan(`const HEADER = '${PK('RSA ')}';\nif (text.startsWith(HEADER)) parse(text);\n`), []);
    const doc = [
      ` * - clientCertificate - the PEM encoded private key (string should contain ${PK('')} ... ${PK_END('')} )`,
      ' * - clientSecret      - Secret string that the application uses when requesting a token, X.509 SHA-256 thumbprint.',
    ].join('\n');
    assert.deepEqual(scan(doc, 'Configuration.ts'), []);
  });

  test('a PEM key written as concatenated string literals in code', () => {
    const lines = pemBody(4).split('\n');
    const text = [`const key =`, `  "${PK('EC ')}\\n" +`, ...lines.map((l) => `  "${l}\\n" +`), `  "${PK_END('EC ')}";`].join('\n');
    expectOne(text, 'Private key', 2, lines[0]!);
  });

  test('GitHub tokens: classic prefixes and fine-grained', () => {
    for (const prefix of ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_']) {
      const token = prefix + 'A'.repeat(36);
      const f = expectOne(`line one\nconst t = "${token}";\n`, 'GitHub token', 2, token);
      assert.equal(f.column, 12);
      assert.equal(f.excerpt, `${prefix}…`);
    }
    const pat = `github_pat_${rand(22, 1)}_${rand(59, 2)}`;
    expectOne(`\n\n\ngit clone https://${pat}@github.com/o/r.git`, 'GitHub token', 4, pat);
  });

  test('AWS access key ids and secret access keys; the documented EXAMPLE key is not flagged', () => {
    const id = 'AKIA' + rand(16, 3, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567');
    expectOne(`[default]\naws_access_key_id = ${id}\n`, 'AWS access key', 2, id);
    const sts = 'ASIA' + rand(16, 4, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567');
    expectOne(`key: ${sts}`, 'AWS access key', 1, sts);
    assert.deepEqual(scan(`aws_access_key_id = AKIA${'IOSFODNN7'}EXAMPLE`), []);
    const secret = rand(40, 5, B64);
    const f = expectOne(`[default]\n\naws_secret_access_key = ${secret}\n`, 'AWS secret key', 3, secret);
    assert.equal(f.excerpt, `aws_secret_access_key=${secret.slice(0, 4)}…`);
    assert.equal(f.column, 'aws_secret_access_key = '.length + 1);
  });

  test('Slack tokens and webhooks', () => {
    const token = `xoxb-${rand(12, 6, '0123456789')}-${rand(13, 7, '0123456789')}-${rand(24, 8)}`;
    expectOne(`SLACK = "${token}"`, 'Slack token', 1, token);
    const hook = `T${rand(8, 9, 'ABCDEFGHIJ0123456789')}/B${rand(8, 10, 'ABCDEFGHIJ0123456789')}/${rand(24, 11)}`;
    const f = expectOne(`a\nurl: https://hooks.slack.com/services/${hook}\n`, 'Slack webhook', 2, hook);
    assert.equal(f.excerpt, `https://hooks.slack.com/services/${hook.slice(0, 4)}…`);
  });

  test('npm, Google, Stripe and OpenAI-style keys', () => {
    const npm = 'npm_' + rand(36, 12);
    expectOne(`//registry.npmjs.org/:_authToken=${npm}`, 'npm token', 1, npm, '.npmrc');
    const google = 'AIza' + rand(35, 13, B64.replace('+/', '_-'));
    expectOne(`<script src="https://maps.example/js?key=${google}"></script>`, 'Google API key', 1, google);
    const stripe = 'sk_live_' + rand(24, 14);
    expectOne(`Stripe(${JSON.stringify(stripe)})`, 'Stripe key', 1, stripe);
    const restricted = 'rk_live_' + rand(24, 15);
    expectOne(`x\n${restricted}`, 'Stripe key', 2, restricted);
    const openai = 'sk-' + rand(48, 16);
    expectOne(`client = OpenAI(api_key="${openai}")`, 'OpenAI-style key', 1, openai);
    const project = 'sk-proj-' + rand(64, 17, B64.replace('+/', '_-'));
    expectOne(`OPENAI:\n  ${project}`, 'OpenAI-style key', 2, project);
  });

  test('JWTs whose header decodes to JSON with "alg"', () => {
    const jwt = `${b64url('{"alg":"HS256","typ":"JWT"}')}.${b64url('{"sub":"1234567890","name":"Fake"}')}.${rand(43, 18, B64.replace('+/', '_-'))}`;
    expectOne(`curl -H "Authorization: Bearer ${jwt}" http://localhost`, 'JWT', 1, jwt);
    // Three dotted base64url parts that are not a JWT header.
    const notJwt = `${b64url('{"typ":"JWT","x":1}')}.${rand(20, 19)}.${rand(20, 20)}`;
    assert.deepEqual(scan(`v = ${notJwt}`), []);
  });

  test('.env lines: plain, export, quoted, with comments; excerpt keeps the name and masks the value', () => {
    const v1 = rand(16, 21);
    const v2 = rand(24, 22);
    const text = [
      '# database',
      'DB_HOST=localhost',
      `DB_PASSWORD=${v1}`,
      `export API_TOKEN="${v2}" # prod`,
      "CLIENT_SECRET='s3cr3t-Value-9'",
      'SMTP_PASS=hunter2',
      'PORT=8080',
    ].join('\n');
    const found = scan(text, '.env');
    assert.deepEqual(brief(found), ['3:13 .env secret', '4:19 .env secret', '5:16 .env secret', '6:11 .env secret']);
    assert.equal(found[0]!.excerpt, `DB_PASSWORD=${v1.slice(0, 4)}…`);
    assert.equal(found[3]!.excerpt, 'SMTP_PASS=h…', 'a short secret shows fewer characters');
    expectMasked(found[1]!, v2);
  });

  test('.env-style lines elsewhere (shell, Dockerfile, compose lists) and relaxed forms in .env-like files', () => {
    const v = rand(20, 23);
    assert.deepEqual(brief(scan(`#!/bin/sh\nexport GITHUB_PASSWORD=${v}\n`, 'deploy.sh')), ['2:24 .env secret']);
    assert.deepEqual(brief(scan(`FROM node\nENV NPM_AUTH_TOKEN=${v}\n`, 'Dockerfile')), ['2:20 .env secret']);
    assert.deepEqual(brief(scan(`environment:\n  - APP_SECRET=${v}\n`, 'compose.yml')), ['2:16 .env secret']);
    assert.deepEqual(brief(scan(`spring.datasource.password = ${v}\n`, 'application.properties')), ['1:30 .env secret']);
    assert.deepEqual(brief(scan(`[db]\npassword = hunter22\n`, 'settings.ini')), ['2:12 .env secret']);
    // AUTH alone is a weak hint: only random-looking values count.
    assert.deepEqual(brief(scan(`BASIC_AUTH=${v}\nAUTH=jwt\nUSE_AUTH=true\n`)), ['1:12 .env secret']);
  });

  test('high-entropy values assigned to secret-looking names in code, YAML and JSON', () => {
    const v = rand(32, 24, B64);
    const hex = rand(40, 25, '0123456789abcdef');
    const text = [
      `const apiKey = "${v}";`,
      `client_secret: ${rand(30, 26)}`,
      `{ "accessToken": "${rand(40, 27, B64.replace('+/', '_-'))}" }`,
      `token := "${hex}"`,
      `self.signing_key = '${rand(28, 28)}'`,
    ].join('\n');
    const found = scan(text, 'mixed.txt');
    assert.deepEqual(brief(found), [
      '1:17 High-entropy string',
      '2:16 High-entropy string',
      '3:19 High-entropy string',
      '4:11 High-entropy string',
      '5:21 High-entropy string',
    ]);
    assert.equal(found[0]!.excerpt, `apiKey = ${v.slice(0, 4)}…`);
    assert.equal(found[1]!.excerpt.startsWith('client_secret: '), true);
  });

  test('one secret matched by several rules is reported once, by the most specific rule', () => {
    const token = 'ghp_' + rand(36, 29);
    assert.deepEqual(brief(scan(`GITHUB_TOKEN=${token}`)), ['1:14 GitHub token']);
    assert.deepEqual(brief(scan(`{"github_token": "${token}"}`)), ['1:19 GitHub token']);
  });

  test('several files, several findings on a line, CRLF line ends', () => {
    const a = 'npm_' + rand(36, 30);
    const b = 'ghp_' + rand(36, 31);
    const found = scanForSecrets([
      { name: 'a.txt', content: 'nothing here\r\nnothing\r\n' },
      { name: 'b.txt', content: `x\r\ny\r\n${a} ${b}\r\n` },
      { name: 'c.txt', content: `\r\r${b}` },
    ]);
    assert.deepEqual(found.map((f) => `${f.file}:${f.line}:${f.column} ${f.kind}`), [
      'b.txt:3:1 npm token',
      `b.txt:3:${a.length + 2} GitHub token`,
      'c.txt:3:1 GitHub token',
    ]);
  });
});

describe('scanForSecrets: what it leaves alone', () => {
  const quiet = (name: string, content: string) => {
    const found = scan(content, name);
    assert.deepEqual(brief(found), [], `${name}: ${JSON.stringify(found)}`);
  };

  test('ordinary TypeScript', () => {
    quiet('auth.ts', [
      "import { getToken } from './auth';",
      'interface Login { user: string; password: string; token?: string }',
      'const token = getToken();',
      'const password = await vscode.window.showInputBox({ password: true });',
      'const apiKey = process.env.API_KEY ?? "";',
      'const secret = config.get<string>("pastedeck.apiKey");',
      'if (token === undefined || password !== confirmPassword) throw new Error("no token");',
      'const tokenizer = new Tokenizer({ maxTokens: 4096 });',
      'headers["Authorization"] = `Bearer ${token}`;',
      'export const TOKEN_STORAGE_KEY = "pastedeck.secret.apiKeyForTheService";',
      'const accessToken: AccessTokenResponseWithRefreshData = await refreshAccessToken();',
      'const id = "123e4567-e89b-12d3-a456-426614174000";',
      'const sessionToken = crypto.randomUUID();',
      'const FLOW_PASSWORD_REQUIRED_V2 = "FlowPasswordRequiredResultV2";',
      'export type ClientCredential = OAuth2TokenCredential<OAuth2Flow> | ApiKeyCredential;',
      '    submitNewPassword: RESET_PASSWORD_V2_SUBMIT,',
      'exports.NewPasswordRequiredStateV2 = NewPasswordRequiredStateV2;',
    ].join('\n'));
  });

  test('ordinary Python and Go', () => {
    quiet('app.py', [
      'import os',
      'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]',
      'password = input("Password: ")',
      'API_KEY = os.getenv("API_KEY")',
      'token = request.headers.get("X-Token")',
      'def check_password(password: str) -> bool:',
      '    return bcrypt.checkpw(password.encode(), stored_hash)',
    ].join('\n'));
    quiet('main.go', [
      'type Config struct {',
      '\tToken    string `json:"token" yaml:"token"`',
      '\tPassword string `json:"password"`',
      '}',
      'token := os.Getenv("GITHUB_TOKEN")',
      'secret, err := loadSecret(ctx, "projects/p/secrets/db-password/versions/latest")',
    ].join('\n'));
  });

  test('YAML and JSON configuration without literal secrets', () => {
    quiet('ci.yml', [
      'env:',
      '  GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}',
      '  NPM_TOKEN: ${NPM_TOKEN}',
      'password: changeme',
      'api_key: <your-api-key>',
      'secretKeyRef:',
      '  name: db-credentials',
      '  key: password',
      'token_url: https://auth.example.com/oauth/token',
    ].join('\n'));
    quiet('package.json', JSON.stringify({ name: 'x', dependencies: { 'js-tokens': '^4.0.0', '@octokit/auth-token': '^2.4.4' }, scripts: { build: 'tsc -p .' } }, null, 2));
  });

  test('package-lock integrity hashes, resolved URLs and git SHAs', () => {
    const sha512 = rand(86, 32, B64) + '==';
    quiet('package-lock.json', [
      '    "node_modules/js-tokens": {',
      '      "version": "4.0.0",',
      '      "resolved": "https://registry.npmjs.org/js-tokens/-/js-tokens-4.0.0.tgz",',
      `      "integrity": "sha512-${sha512}",`,
      `      "secretIntegrity": "sha512-${sha512}"`,
      '    },',
    ].join('\n'));
    const sha = rand(40, 33, '0123456789abcdef');
    quiet('NOTES.md', `Fixed in commit ${sha} (see ${sha.slice(0, 7)}).\nRevision: ${sha}\n`);
  });

  test('minified code, CSS colours and base64 images in data: URLs', () => {
    const img = rand(3000, 34, B64);
    quiet('styles.css', `.a{color:#ff00aa;background:url(data:image/png;base64,${img})}\n.b { color: rgba(0,0,0,.5); border: 1px solid #a1b2c3 }`);
    quiet('index.html', `<img src="data:image/svg+xml;base64,${img}" alt="logo">`);
    quiet('app.min.js', `!function(e,t){"use strict";var n={token:null,password:"",apiKey:e.apiKey||t.key};function r(e){return n.token=e.token,n}e.exports=r}(this,window);`.repeat(20));
  });

  test('placeholders, empty values and environment references', () => {
    quiet('.env.example', [
      'API_KEY=',
      'API_KEY=""',
      "SECRET=''",
      'DB_PASSWORD=changeme',
      'TOKEN=xxx',
      'TOKEN=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      'GITHUB_TOKEN=<your token>',
      'CLIENT_SECRET=${CLIENT_SECRET}',
      'API_TOKEN=your-api-token-here',
      'STRIPE_SECRET=your_stripe_secret',
      'PASSWORD=$(cat /run/secrets/db)',
      'PASSWORD="$1"',
      'SECRET_KEY=process.env.SECRET_KEY',
      "SECRET_KEY=os.environ['SECRET_KEY']",
      'PASSWORD_MIN_LENGTH=12',
      'TOKEN_TTL=3600',
      'TOKEN_URL=https://auth.example.com/token',
      'SECRET_NAME=prod-db',
      'ACCESS_KEY_ID=fake-id',
      'PWD=/home/me',
      'AUTH_ENABLED=true',
      'PASSWORD=********',
    ].join('\n'));
  });

  test('long lines are skipped (except for private keys)', () => {
    const token = 'ghp_' + rand(36, 35);
    assert.deepEqual(scan(`${'x'.repeat(10_001)} ${token}`), []);
    assert.equal(scan(`${'x'.repeat(9_000)} ${token}`).length, 1);
  });
});

describe('scanForSecrets: limits and helpers', () => {
  test('stops after 100 findings, keeping the first ones in order', () => {
    const content = Array.from({ length: 150 }, (_, i) => `k${i} ${'npm_' + rand(36, 100 + i)}`).join('\n');
    const found = scanForSecrets([{ name: 'a', content }, { name: 'b', content }]);
    assert.equal(found.length, 100);
    assert.deepEqual(found.map((f) => f.line), Array.from({ length: 100 }, (_, i) => i + 1));
    assert.equal(scanForSecrets([{ name: 'a', content }], { maxFindings: 3 }).length, 3);
  });

  test('a private key after many line findings keeps document order under the cap', () => {
    const lines = Array.from({ length: 5 }, (_, i) => 'npm_' + rand(36, 200 + i));
    const content = [lines[0], PK(''), pemBody(9), PK_END(''), ...lines.slice(1)].join('\n');
    assert.deepEqual(brief(scanForSecrets([{ name: 'x', content }], { maxFindings: 3 })), ['1:1 npm token', '2:1 Private key', '8:1 npm token']);
  });

  test('a huge input finishes quickly', () => {
    const line = 'const value = computeSomething(alpha, beta, "some text here"); // comment\n';
    const content = line.repeat(50_000);
    const t = Date.now();
    assert.deepEqual(scan(content), []);
    assert.ok(Date.now() - t < 5_000, `took ${Date.now() - t} ms`);
  });

  test('maskSecret shows at most 4 characters, fewer for short secrets', () => {
    assert.equal(maskSecret('ghp_' + 'A'.repeat(36)), 'ghp_…');
    assert.equal(maskSecret('hunter2'), 'h…');
    assert.equal(maskSecret('abc'), '…');
  });

  test('secret names, placeholders and entropy', () => {
    for (const n of ['DB_PASSWORD', 'apiKey', 'API_KEY', 'APIKEY', 'PRIVATE_KEY', 'aws_access_key', 'CLIENT_SECRET', 'GITHUB_TOKEN', '_authToken', 'credentials', 'SECRET_KEY_BASE', 'db.pwd'])
      assert.equal(secretNameStrength(n), 'strong', n);
    for (const n of ['PWD', 'TOKEN_URL', 'PASSWORD_MIN_LENGTH', 'MAX_TOKENS', 'KEY', 'MONKEY', 'ACCESS_KEY_ID', 'tokenizer', 'bypass', 'SECRET_NAME'])
      assert.equal(secretNameStrength(n), undefined, n);
    assert.equal(secretNameStrength('BASIC_AUTH'), 'weak');
    for (const v of ['', 'changeme', 'xxx', '<token>', '${VAR}', 'your-key-here', 'process.env.X', "os.environ['X']", 'REPLACE_ME', '{{ token }}'])
      assert.ok(isPlaceholder(v), v);
    assert.ok(!isPlaceholder(rand(20, 1)));
    assert.ok(isHighEntropy(rand(20, 2)));
    assert.ok(!isHighEntropy('aaaaaaaaaaaaaaaaaaaaaaaa'));
    assert.ok(!isHighEntropy('thisIsJustAVariableName'));
    assert.ok(!isHighEntropy('0123456789'));
  });
});
