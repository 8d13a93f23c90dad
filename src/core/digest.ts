// HTTP Digest access authentication (RFC 7616, RFC 2617), client side: reading
// `WWW-Authenticate` challenges and building `Authorization` answers. Plain
// TypeScript on top of ./md5, so it runs wherever fetch runs.
import { md5Hex } from './md5';

/** One challenge from a `WWW-Authenticate` header. */
export interface AuthChallenge {
  /** The scheme as sent, e.g. "Digest". */
  scheme: string;
  /** Parameters by lower-case name, quoted-strings unescaped. */
  params: Record<string, string>;
  /** A token68 credential instead of parameters (e.g. "Negotiate abc=="). */
  token68?: string;
}

export type DigestAlgorithm = 'MD5' | 'MD5-sess';
export type DigestQop = 'auth' | 'auth-int';

/** A Digest challenge PasteDeck can answer. */
export interface DigestChallenge {
  realm: string;
  nonce: string;
  /** The quality of protection chosen; undefined for an RFC 2069 challenge that offers none. */
  qop?: DigestQop;
  algorithm: DigestAlgorithm;
  opaque?: string;
  /** The server says the previous nonce expired while the credentials were fine. */
  stale: boolean;
}

export interface DigestCredentials {
  username: string;
  password: string;
}

const TOKEN_CHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;
const TOKEN68_AHEAD = /^[A-Za-z0-9\-._~+/]+=*[ \t]*(?:,|$)/;

/**
 * Every challenge in a `WWW-Authenticate` value (several headers joined with ", "
 * count as one value). Lenient: unknown schemes are kept, an unquoted value runs
 * to the next comma, stray characters are skipped, and nothing here throws.
 */
export function parseWwwAuthenticate(header: string | null | undefined): AuthChallenge[] {
  const s = header ?? '';
  const out: AuthChallenge[] = [];
  let current: AuthChallenge | undefined;
  let i = 0;
  const skipSpace = () => {
    while (i < s.length && (s[i] === ' ' || s[i] === '\t' || s[i] === '\r' || s[i] === '\n')) i++;
  };
  const readToken = () => {
    const start = i;
    while (i < s.length && TOKEN_CHAR.test(s[i]!)) i++;
    return s.slice(start, i);
  };
  const readValue = (): string => {
    skipSpace();
    if (s[i] === '"') {
      i++;
      let value = '';
      while (i < s.length && s[i] !== '"') {
        if (s[i] === '\\' && i + 1 < s.length) i++;
        value += s[i];
        i++;
      }
      i++; // the closing quote (or past the end when it is missing)
      return value;
    }
    const start = i;
    while (i < s.length && s[i] !== ',') i++;
    return s.slice(start, i).trim();
  };

  while (i < s.length) {
    skipSpace();
    if (i >= s.length) break;
    if (s[i] === ',') {
      i++;
      continue;
    }
    const token = readToken();
    if (!token) {
      i++; // a character that cannot start anything: skip it
      continue;
    }
    skipSpace();
    if (s[i] === '=' && current) {
      i++;
      const value = readValue();
      const name = token.toLowerCase();
      if (!(name in current.params)) current.params[name] = value;
      continue;
    }
    if (s[i] === '=') {
      readValue(); // a parameter before any scheme: ignore it
      continue;
    }
    current = { scheme: token, params: {} };
    out.push(current);
    const token68 = TOKEN68_AHEAD.exec(s.slice(i));
    if (token68) {
      current.token68 = token68[0].replace(/[ \t]*,?$/, '');
      i += token68[0].length;
    }
  }
  return out;
}

/**
 * The first Digest challenge in the header that PasteDeck can answer: algorithm
 * MD5 or MD5-sess (absent means MD5), qop "auth" (preferred), "auth-int", or no
 * qop at all (RFC 2069). Undefined when there is none.
 */
export function selectDigestChallenge(header: string | null | undefined): DigestChallenge | undefined {
  for (const challenge of parseWwwAuthenticate(header)) {
    if (challenge.scheme.toLowerCase() !== 'digest') continue;
    const { realm, nonce, opaque, stale } = challenge.params;
    if (realm === undefined || !nonce) continue;
    const algorithmParam = (challenge.params.algorithm ?? 'MD5').toLowerCase();
    const algorithm: DigestAlgorithm | undefined =
      algorithmParam === 'md5' ? 'MD5' : algorithmParam === 'md5-sess' ? 'MD5-sess' : undefined;
    if (!algorithm) continue;
    let qop: DigestQop | undefined;
    if (challenge.params.qop !== undefined) {
      const offered = challenge.params.qop.split(',').map((q) => q.trim().toLowerCase());
      qop = offered.includes('auth') ? 'auth' : offered.includes('auth-int') ? 'auth-int' : undefined;
      if (!qop) continue;
    }
    return { realm, nonce, qop, algorithm, opaque, stale: stale?.trim().toLowerCase() === 'true' };
  }
  return undefined;
}

export interface DigestInput {
  username: string;
  password: string;
  realm: string;
  nonce: string;
  method: string;
  /** The request-target as sent: path and query. */
  uri: string;
  algorithm?: DigestAlgorithm;
  qop?: DigestQop;
  /** Eight hex digits, e.g. "00000001"; needed with qop. */
  nc?: string;
  /** Needed with qop and with MD5-sess. */
  cnonce?: string;
  /** The request body, for qop "auth-int" ('' when there is none). */
  body?: string;
}

/** The `response` value (32 hex characters) per RFC 7616 section 3.4.1 / RFC 2617 section 3.2.2.1. */
export function digestResponse(input: DigestInput): string {
  let ha1 = md5Hex(`${input.username}:${input.realm}:${input.password}`);
  if (input.algorithm === 'MD5-sess') ha1 = md5Hex(`${ha1}:${input.nonce}:${input.cnonce ?? ''}`);
  const ha2 =
    input.qop === 'auth-int'
      ? md5Hex(`${input.method}:${input.uri}:${md5Hex(input.body ?? '')}`)
      : md5Hex(`${input.method}:${input.uri}`);
  if (!input.qop) return md5Hex(`${ha1}:${input.nonce}:${ha2}`);
  return md5Hex(`${ha1}:${input.nonce}:${input.nc ?? ''}:${input.cnonce ?? ''}:${input.qop}:${ha2}`);
}

/** 16 random bytes as hex, from crypto.getRandomValues (Node and browsers). */
export function randomCnonce(): string {
  const bytes = new Uint8Array(16);
  const webCrypto = (globalThis as { crypto?: { getRandomValues?: (a: Uint8Array) => Uint8Array } }).crypto;
  if (webCrypto?.getRandomValues) {
    webCrypto.getRandomValues(bytes);
  } else {
    // Only where no Web Crypto exists; the cnonce guards against chosen-plaintext, not secrecy.
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  }
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A quoted-string with `"` and `\` escaped. */
function quote(value: string): string {
  return `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/** True when a value can go in a header as is (printable ASCII, no CR/LF). */
function isHeaderSafe(value: string): boolean {
  return /^[\x20-\x7e]*$/.test(value);
}

/** The `Authorization` header value for one request, given every field. */
export function formatDigestAuthorization(input: DigestInput & { opaque?: string }): string {
  const response = digestResponse(input);
  const parts = [
    // RFC 7616 section 3.4.4: a username that cannot go in a header as is goes as username*.
    isHeaderSafe(input.username) ? `username=${quote(input.username)}` : `username*=UTF-8''${encodeRfc5987(input.username)}`,
    `realm=${quote(input.realm)}`,
    `nonce=${quote(input.nonce)}`,
    `uri=${quote(input.uri)}`,
  ];
  if (input.algorithm) parts.push(`algorithm=${input.algorithm}`);
  if (input.qop) parts.push(`qop=${input.qop}`, `nc=${input.nc ?? ''}`, `cnonce=${quote(input.cnonce ?? '')}`);
  parts.push(`response=${quote(response)}`);
  if (input.opaque !== undefined) parts.push(`opaque=${quote(input.opaque)}`);
  return `Digest ${parts.join(', ')}`;
}

function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Answers one challenge (one nonce) for as many requests as the server accepts
 * it: each answer gets the next nonce count and a fresh client nonce.
 */
export class DigestSession {
  private count = 0;

  constructor(
    readonly challenge: DigestChallenge,
    private readonly newCnonce: () => string = randomCnonce,
  ) {}

  /** How many answers this session has built. */
  get nonceCount(): number {
    return this.count;
  }

  /** The `Authorization` header value for `method` on `uri` (path and query, as sent). */
  authorize(method: string, uri: string, credentials: DigestCredentials, body?: string): string {
    const { realm, nonce, qop, algorithm, opaque } = this.challenge;
    const needsCnonce = qop !== undefined || algorithm === 'MD5-sess';
    this.count += 1;
    return formatDigestAuthorization({
      username: credentials.username,
      password: credentials.password,
      realm,
      nonce,
      method: method.toUpperCase(),
      uri,
      algorithm,
      qop,
      nc: qop ? this.count.toString(16).padStart(8, '0') : undefined,
      cnonce: needsCnonce ? this.newCnonce() : undefined,
      body,
      opaque,
    });
  }
}
