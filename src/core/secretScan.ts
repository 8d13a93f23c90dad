// Looking for secrets in what the user is about to share. A finding never holds
// the secret itself: its excerpt shows at most the first four characters, since
// findings are shown to the user and written to the log. The rules lean towards
// silence on ordinary code: a warning that cries wolf gets clicked away.

export type SecretKind =
  | 'Private key'
  | 'GitHub token'
  | 'AWS access key'
  | 'AWS secret key'
  | 'Slack token'
  | 'Slack webhook'
  | 'npm token'
  | 'Google API key'
  | 'Stripe key'
  | 'OpenAI-style key'
  | 'JWT'
  | '.env secret'
  | 'High-entropy string';

export interface SecretFinding {
  /** The file's name, as given. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units, where the secret starts. */
  column: number;
  kind: SecretKind;
  /** Where the secret is, with the secret masked (at most its first 4 characters, then "…"). */
  excerpt: string;
}

export interface ScanOptions {
  /** Stop after this many findings (default 100). */
  maxFindings?: number;
  /** Lines longer than this are skipped, except by the private key check (default 10,000). */
  maxLineLength?: number;
}

export const MAX_FINDINGS = 100;
export const MAX_LINE_LENGTH = 10_000;

export function scanForSecrets(files: readonly { name: string; content: string }[], options: ScanOptions = {}): SecretFinding[] {
  const max = options.maxFindings ?? MAX_FINDINGS;
  const maxLine = options.maxLineLength ?? MAX_LINE_LENGTH;
  const out: SecretFinding[] = [];
  for (const file of files) {
    if (out.length >= max) break;
    out.push(...scanFile(file.name, file.content, max - out.length, maxLine));
  }
  return out;
}

/** "ghp_…": at most the first 4 characters, fewer for short secrets (a quarter of them). */
export function maskSecret(secret: string): string {
  const shown = Math.min(4, Math.floor(secret.length / 4));
  return `${secret.slice(0, shown)}…`;
}

// ---------------------------------------------------------------------------

interface Hit {
  line: number;
  column: number;
  kind: SecretKind;
  excerpt: string;
}

function scanFile(name: string, content: string, budget: number, maxLine: number): SecretFinding[] {
  const lineStarts = lineStartOffsets(content);
  const { hits: pemHits, skipLines } = findPrivateKeys(content, lineStarts);
  const lineHits: Hit[] = [];
  const envLike = isEnvLikeFile(name);
  const lines = content.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length && lineHits.length < budget; i++) {
    const text = lines[i]!;
    if (text.length > maxLine || text.length < 8 || skipLines.has(i + 1)) continue;
    lineHits.push(...scanLine(text, i + 1, envLike));
  }
  const hits = [...pemHits, ...lineHits.slice(0, budget)];
  hits.sort((a, b) => a.line - b.line || a.column - b.column);
  return hits.slice(0, budget).map((h) => ({ file: name, ...h }));
}

function lineStartOffsets(content: string): number[] {
  const starts = [0];
  for (let i = 0; i < content.length; i++) {
    const c = content.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (content.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

/** 1-based line and column of an offset. */
function position(lineStarts: readonly number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - lineStarts[lo]! + 1 };
}

// --- Private keys: on the whole content, so a one-line JSON key file is found too.

const PEM_HEADER = /-----BEGIN ((?:[A-Z0-9]+ ){0,3})PRIVATE KEY( BLOCK)?-----/g;

function findPrivateKeys(content: string, lineStarts: readonly number[]): { hits: Hit[]; skipLines: Set<number> } {
  const hits: Hit[] = [];
  const skipLines = new Set<number>();
  if (!content.includes('PRIVATE KEY')) return { hits, skipLines };
  for (const m of content.matchAll(PEM_HEADER)) {
    const start = m.index;
    const end = start + m[0].length;
    // A header alone (code or docs that mention one) is not a key: a key body follows.
    if (!hasKeyBody(content.slice(end, end + 1000))) continue;
    const pos = position(lineStarts, start);
    hits.push({ ...pos, kind: 'Private key', excerpt: `${m[0]}…` });
    const close = content.indexOf('-----END', end);
    const last = position(lineStarts, close < 0 ? Math.min(content.length, end + 600) : close).line;
    for (let l = pos.line; l <= last; l++) skipLines.add(l);
  }
  return { hits, skipLines };
}

/**
 * The first line after a PEM header, past any "Name: value" headers, is a long
 * base64 run. Lines may be JSON-escaped ("\\n") or quoted and concatenated in code.
 */
function hasKeyBody(after: string): boolean {
  const lines = after.replace(/\\r\\n|\\n|\\r/g, '\n').split(/\r\n|\r|\n/);
  for (const raw of lines) {
    const line = raw.replace(/^[\s"'`+,]+|[\s"'`+,;\\]+$/g, '');
    if (!line) continue;
    if (/^[A-Za-z-]+:\s/.test(line)) continue; // Proc-Type:, DEK-Info:, Comment:, Version:
    const run = /^[A-Za-z0-9+/]{40,}/.exec(line)?.[0];
    return run !== undefined && /\d/.test(run) && /[a-z]/.test(run) && /[A-Z]/.test(run);
  }
  return false;
}

// --- Line rules.

interface TokenRule {
  kind: SecretKind;
  re: RegExp;
  /** Group holding the secret (default 0). */
  group?: number;
  /** What goes before the masked secret in the excerpt. */
  prefix?: (m: RegExpExecArray) => string;
  accept?: (secret: string) => boolean;
}

// Edges of a token. Tokens of plain letters and digits (AKIA…, AIza…) must not sit
// inside a longer base64 run; tokens with a '_' or '-' prefix may follow a '/' (URLs).
const B = '(?<![A-Za-z0-9_+/-])';
const E = '(?![A-Za-z0-9_+/-])';
const BP = '(?<![A-Za-z0-9_-])';
const EP = '(?![A-Za-z0-9_-])';

const TOKEN_RULES: TokenRule[] = [
  { kind: 'GitHub token', re: new RegExp(`${BP}gh[pousr]_[A-Za-z0-9]{36}${EP}`, 'g') },
  { kind: 'GitHub token', re: new RegExp(`${BP}github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{40,}${EP}`, 'g') },
  { kind: 'AWS access key', re: new RegExp(`${B}(?:AKIA|ASIA)[A-Z0-9]{16}${E}`, 'g'), accept: (s) => !s.includes('EXAMPLE') },
  {
    kind: 'AWS secret key',
    re: /\b(aws_?secret_?access_?key|aws_?secret_?key)["']?\s*[:=]\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/gi,
    group: 2,
    prefix: (m) => `${m[1]}=`,
    accept: (s) => !s.includes('EXAMPLE') && /\d/.test(s) && /[a-z]/.test(s) && /[A-Z]/.test(s),
  },
  { kind: 'Slack token', re: new RegExp(`${BP}xox[baprs]-[0-9A-Za-z]{8,}(?:-[0-9A-Za-z]+)*${EP}`, 'g'), accept: (s) => /\d/.test(s) },
  {
    kind: 'Slack webhook',
    re: /(https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/)([A-Za-z0-9_]{6,}\/[A-Za-z0-9_]{6,}\/[A-Za-z0-9_]{16,})/g,
    group: 2,
    prefix: (m) => m[1]!,
  },
  { kind: 'npm token', re: new RegExp(`${BP}npm_[A-Za-z0-9]{36}${EP}`, 'g') },
  { kind: 'Google API key', re: new RegExp(`${B}AIza[0-9A-Za-z_-]{35}${E}`, 'g') },
  { kind: 'Stripe key', re: new RegExp(`${BP}(?:sk|rk)_live_[0-9A-Za-z]{20,}${EP}`, 'g') },
  {
    kind: 'OpenAI-style key',
    re: new RegExp(`${BP}sk-(?:proj-|svcacct-|admin-|ant-[a-z]{3}\\d\\d-)?[A-Za-z0-9_-]{32,}${EP}`, 'g'),
    // Random, not a kebab-case name: all three character classes.
    accept: (s) => /\d/.test(s) && /[a-z]/.test(s) && /[A-Z]/.test(s),
  },
  {
    kind: 'JWT',
    re: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}(?![A-Za-z0-9_-])/g,
    accept: isJwt,
  },
];

interface Span {
  start: number;
  end: number;
}

function scanLine(raw: string, lineNo: number, envLike: boolean): Hit[] {
  const text = blankHarmless(raw);
  const hits: (Hit & Span)[] = [];
  const overlaps = (start: number, end: number) => hits.some((h) => start < h.end && h.start < end);
  const add = (kind: SecretKind, start: number, secret: string, prefix = '') => {
    const end = start + secret.length;
    if (overlaps(start, end)) return;
    hits.push({ line: lineNo, column: start + 1, kind, excerpt: `${prefix}${maskSecret(secret)}`, start, end });
  };

  for (const rule of TOKEN_RULES) {
    rule.re.lastIndex = 0;
    for (let m = rule.re.exec(text); m; m = rule.re.exec(text)) {
      const g = rule.group ?? 0;
      const secret = m[g]!;
      if (rule.accept && !rule.accept(secret)) continue;
      const start = g === 0 ? m.index : m.index + m[0].lastIndexOf(secret);
      add(rule.kind, start, secret, rule.prefix?.(m) ?? '');
    }
  }

  const env = envAssignment(text, envLike);
  if (env) add('.env secret', env.start, env.value, `${env.name}=`);

  for (const a of secretAssignments(text)) add('High-entropy string', a.start, a.value, `${a.name}${a.op === ':' ? ': ' : ` ${a.op} `}`);

  return hits.map(({ line, column, kind, excerpt }) => ({ line, column, kind, excerpt }));
}

/** Blanks (keeping offsets) text that looks random but is not a secret: data: URLs, integrity hashes. */
function blankHarmless(line: string): string {
  if (!line.includes('base64,') && !/sha(?:1|256|384|512)-/.test(line)) return line;
  return line
    .replace(/data:[\w.+-]+\/[\w.+-]+(?:;[\w.+-]+=[\w.+-]+)*;base64,[A-Za-z0-9+/=%]+/g, (s) => ' '.repeat(s.length))
    .replace(/sha(?:1|256|384|512)-[A-Za-z0-9+/=]{20,}/g, (s) => ' '.repeat(s.length));
}

function isJwt(token: string): boolean {
  const header = decodeBase64Url(token.slice(0, token.indexOf('.')));
  if (header === undefined) return false;
  try {
    const parsed: unknown = JSON.parse(header);
    return typeof parsed === 'object' && parsed !== null && typeof (parsed as { alg?: unknown }).alg === 'string';
  } catch {
    return false;
  }
}

function decodeBase64Url(part: string): string | undefined {
  if (part.length % 4 === 1) return undefined;
  const b64 = part.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (part.length % 4)) % 4);
  try {
    return atob(b64);
  } catch {
    return undefined;
  }
}

// --- Names that hold secrets.

const STRONG_WORDS = new Set([
  'password', 'passwd', 'pass', 'passphrase', 'secret', 'secrets', 'token', 'credentials', 'credential', 'creds',
  'apikey', 'secretkey', 'privatekey', 'accesskey', 'authtoken', 'accesstoken', 'refreshtoken', 'clientsecret', 'salt',
]);
/** A "key" after one of these is a secret: API_KEY, PRIVATE_KEY, ACCESS_KEY, APP_KEY… */
const KEY_QUALIFIERS = new Set([
  'api', 'access', 'private', 'secret', 'signing', 'encryption', 'encrypt', 'master', 'client', 'app', 'license',
  'session', 'hmac', 'jwt', 'auth', 'service', 'account', 'storage', 'subscription', 'consumer', 'webhook', 'deploy',
]);
/** A name ending in one of these is about a secret, not the secret: TOKEN_URL, PASSWORD_MIN_LENGTH, SECRET_NAME. */
const METADATA_WORDS = new Set([
  'url', 'uri', 'urls', 'endpoint', 'host', 'hostname', 'domain', 'port', 'path', 'paths', 'file', 'filename', 'files',
  'dir', 'directory', 'folder', 'name', 'names', 'id', 'ids', 'user', 'username', 'email', 'length', 'len', 'min',
  'max', 'minlength', 'maxlength', 'ttl', 'expiry', 'expires', 'expiration', 'exp', 'timeout', 'lifetime', 'duration',
  'age', 'type', 'types', 'kind', 'header', 'headers', 'prefix', 'suffix', 'enabled', 'enable', 'disabled', 'disable',
  'required', 'optional', 'policy', 'mode', 'version', 'env', 'var', 'variable', 'field', 'fields', 'param', 'params',
  'count', 'limit', 'size', 'format', 'regex', 'regexp', 'pattern', 'location', 'provider', 'method', 'methods',
  'scheme', 'strategy', 'label', 'title', 'hint', 'description', 'help', 'placeholder', 'message', 'error', 'errors',
  'text', 'cache', 'store', 'class', 'handler', 'manager', 'ref', 'reference', 'rounds', 'iterations', 'algorithm',
  'algo', 'days', 'hours', 'minutes', 'seconds', 'secs', 'ms', 'interval', 'rotation', 'reset', 'at', 'input', 'form',
  'button', 'link', 'page', 'route', 'view', 'component', 'rule', 'rules', 'check', 'validator', 'validation',
  'strength', 'visible', 'visibility', 'toggle', 'arn', 'generator', 'hash', 'digest', 'index',
]);

export function splitNameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** 'strong' for DB_PASSWORD or apiKey, 'weak' for BASIC_AUTH, undefined for the rest. */
export function secretNameStrength(name: string): 'strong' | 'weak' | undefined {
  const words = splitNameWords(name);
  const last = words.at(-1);
  if (!last || METADATA_WORDS.has(last)) return undefined;
  if (words.some((w) => STRONG_WORDS.has(w))) return 'strong';
  if (last === 'pwd' && words.length > 1) return 'strong'; // DB_PWD, but not the shell's PWD
  if (last === 'key' && words.slice(0, -1).some((w) => KEY_QUALIFIERS.has(w))) return 'strong';
  if (last === 'auth') return 'weak';
  return undefined;
}

const PLACEHOLDER_VALUES = new Set([
  'changeme', 'change_me', 'change-me', 'changeit', 'replaceme', 'replace_me', 'replace-me', 'todo', 'tbd', 'fixme',
  'none', 'null', 'nil', 'undefined', 'empty', 'true', 'false', 'yes', 'no', 'on', 'off', 'test', 'testing', 'dummy',
  'fake', 'sample', 'example', 'placeholder', 'redacted', 'hidden', 'secret', 'password', 'passwd', 'pass', 'token',
  'default', 'n/a', 'na', 'required', 'optional', 'string', 'str', 'int', 'number', 'bool', 'boolean',
]);

/** A value that stands in for a secret rather than being one. */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  const lower = v.toLowerCase();
  if (!v) return true;
  if (PLACEHOLDER_VALUES.has(lower)) return true;
  if (/^(.)\1*$/.test(v)) return true; // "xxxx", "****", "...."
  if (/x{4,}|\*{3,}|\.{3}|…/i.test(v)) return true;
  if (/^<.*>$|^\[.*\]$|^\{\{.*\}\}$|^%[^%]+%$/.test(v)) return true; // <token>, [token], {{ token }}, %TOKEN%
  if (/\$\{|\$\(|^\$\w|\{\{/.test(v)) return true; // ${VAR}, $(cmd), $VAR, $1, templates
  if (/^(?:your|insert|enter|replace|put|paste)[-_ ]/i.test(v)) return true; // your-api-key-here
  if (/[-_ ]here$/i.test(v) || /example|placeholder|changeme|change[-_]me|dummy|redacted/i.test(v)) return true;
  if (/^(?:process\.env|import\.meta\.env|os\.environ|os\.getenv|env\(|getenv\(|System\.getenv|ENV\[|\$env:)/i.test(v))
    return true;
  return false;
}

// --- .env lines: KEY=value, export KEY=value, quoted values.

const ENV_LIKE_FILE = /(?:^|[\\/])(?:\.env(?:\.[^\\/]*)?|[^\\/]*\.env|\.npmrc|\.pypirc|[^\\/]*\.(?:properties|ini|cfg|conf))$/i;

function isEnvLikeFile(name: string): boolean {
  return ENV_LIKE_FILE.test(name);
}

/** Strict KEY=value anywhere; in .env-like files also `key = value` and dotted names. */
const ENV_STRICT = /^(\s*(?:-\s+)?(?:export\s+|ENV\s+|ARG\s+)?)([A-Za-z_][A-Za-z0-9_]*)=(.*)$/;
const ENV_RELAXED = /^(\s*(?:export\s+)?)([A-Za-z_][A-Za-z0-9_.-]*)([ \t]*=[ \t]*)(.*)$/;

function envAssignment(text: string, envLike: boolean): { name: string; value: string; start: number } | undefined {
  let name: string;
  let rest: string;
  let restStart: number;
  const strict = ENV_STRICT.exec(text);
  if (strict) {
    name = strict[2]!;
    rest = strict[3]!;
    restStart = strict[1]!.length + name.length + 1;
  } else {
    const relaxed = envLike ? ENV_RELAXED.exec(text) : null;
    if (!relaxed) return undefined;
    name = relaxed[2]!;
    rest = relaxed[4]!;
    restStart = relaxed[1]!.length + name.length + relaxed[3]!.length;
  }
  const strength = secretNameStrength(name);
  if (!strength) return undefined;
  const parsed = parseEnvValue(rest, envLike);
  if (!parsed || isPlaceholder(parsed.value)) return undefined;
  if (strength === 'weak' && !looksRandom(parsed.value)) return undefined;
  return { name, value: parsed.value, start: restStart + parsed.offset };
}

function parseEnvValue(rest: string, envLike: boolean): { value: string; offset: number } | undefined {
  const q = rest[0];
  if (q === '"' || q === "'") {
    let i = 1;
    while (i < rest.length && rest[i] !== q) i += rest[i] === '\\' && q === '"' ? 2 : 1;
    if (i >= rest.length) return undefined; // unterminated or multi-line
    const after = rest.slice(i + 1).trim();
    if (after && !after.startsWith('#') && after !== ';') return undefined; // "a" + b: code, not a literal
    return { value: rest.slice(1, i), offset: 1 };
  }
  const value = rest.replace(/\s+#.*$/, '').trim();
  if (!value) return undefined;
  // Outside .env-like files an unquoted value must look like one word, not code.
  if (!envLike && /[\s()[\]{}<>;,`"']/.test(value)) return undefined;
  return { value, offset: rest.indexOf(value) };
}

function looksRandom(value: string): boolean {
  return value.length >= 12 && characterClasses(value) >= 2 && !/\s/.test(value);
}

function characterClasses(s: string): number {
  return [/[a-z]/, /[A-Z]/, /\d/].filter((re) => re.test(s)).length;
}

// --- High-entropy values assigned to secret names: token: "…", apiKey = '…', "client_secret": "…".

const ASSIGNMENT =
  /(?<![\w$.-])["']?([A-Za-z_$][\w$.-]{0,80}?)["']?[ \t]*(:=|=|:)(?![=:>])[ \t]*(?:(["'`])([A-Za-z0-9+/=_-]{20,1000})\3|([A-Za-z0-9+/=_-]{20,1000})(?![A-Za-z0-9+/=_.(<-]))/g;

function secretAssignments(text: string): { name: string; op: string; value: string; start: number }[] {
  if (!text.includes('=') && !text.includes(':')) return [];
  const out: { name: string; op: string; value: string; start: number }[] = [];
  ASSIGNMENT.lastIndex = 0;
  for (let m = ASSIGNMENT.exec(text); m; m = ASSIGNMENT.exec(text)) {
    const name = m[1]!;
    const quoted = m[4] !== undefined;
    const value = (m[4] ?? m[5])!;
    if (!secretNameStrength(name)) continue;
    if (isPlaceholder(value) || !isHighEntropy(value)) continue;
    if (!quoted && !(/\d/.test(value) && /[A-Za-z]/.test(value))) continue;
    const start = m.index + m[0].length - value.length - (quoted ? 1 : 0);
    out.push({ name, op: m[2]!, value, start });
  }
  return out;
}

/**
 * FlowPasswordRequiredResultV2, RESET_PASSWORD_V2, OAuth2TokenCredential: mostly
 * runs of word-like letters with an English share of vowels (random text has ~19%).
 */
export function looksLikeIdentifier(value: string): boolean {
  const letters = value.replace(/[^A-Za-z]/g, '');
  if (letters.length < value.length * 0.7) return false;
  const inWords = (value.match(/[A-Z]?[a-z]{3,}|[A-Z]{3,}/g) ?? []).reduce((n, w) => n + w.length, 0);
  const vowels = (letters.match(/[aeiouAEIOU]/g) ?? []).length;
  return inWords >= value.length * 0.6 && vowels >= letters.length * 0.3;
}

export function shannonEntropy(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** Random-looking: entropy near what random text of that length and alphabet would have. */
export function isHighEntropy(value: string): boolean {
  if (value.length < 20) return false;
  const h = shannonEntropy(value);
  if (/^[0-9a-fA-F]+$/.test(value)) return /\d/.test(value) && /[a-fA-F]/.test(value) && h >= 3.0;
  // Random text of this length almost always holds a digit; names and words do not.
  if (!/\d/.test(value) || characterClasses(value) < 2 || looksLikeIdentifier(value)) return false;
  return h >= Math.min(4.2, 0.82 * Math.log2(value.length));
}
