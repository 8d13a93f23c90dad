// A faithful local ownpaste (rafaelmartins/ownpaste, Flask + Werkzeug): routes that
// end in "/" (308 without it), JSON only for `Accept: application/json`, HTTP
// Digest auth (realm "ownpaste", qop auth, MD5, no opaque) checked with
// node:crypto, a per-client block after repeated wrong passwords, short-form
// answers to create and change, Flask-SQLAlchemy pagination, and Werkzeug's error
// texts in `{status: 'fail', error}` bodies.
import { createHash, randomBytes } from 'node:crypto';
import { json, startServer, type ContractServer, type IncomingRequest, type Reply } from './base';

export interface OwnPasteServerOptions {
  username?: string;
  password?: string;
  /** PER_PAGE (20 by default upstream). */
  perPage?: number;
  /** Flask's MAX_CONTENT_LENGTH: larger request bodies get 413. Unlimited by default, as upstream. */
  maxContentLength?: number;
  /** Wrong passwords from one address before it is blocked (IP_BLOCK_HITS, 10). */
  ipBlockHits?: number;
  /**
   * How a nonce that is no longer current is treated:
   * - 'rfc' (default): 401 with a fresh challenge and stale=TRUE when the answer was otherwise right;
   * - 'upstream': ownpaste's own rule: one current nonce per client address, a different one is
   *   400 Bad Request, and after a success any nonce passes until the next challenge.
   */
  nonceMode?: 'rfc' | 'upstream';
  /** Nonces as Python 3 ownpaste makes them (`str(hexlify(...))`, i.e. "b'0f1e…'"). */
  pythonBytesNonces?: boolean;
  /** The key of the language object in `GET /` (upstream code: "languages"; its docs: "language"). */
  languagesKey?: 'languages' | 'language';
  /** Replaces the seeded language list (alias → name). */
  languages?: Record<string, string>;
}

export interface StoredOwnPaste {
  paste_id: number;
  private_id: string | null;
  language: string;
  file_name: string | null;
  file_content: string;
  pub_timestamp: number;
}

export interface OwnPasteServer extends ContractServer {
  readonly pastes: Map<number, StoredOwnPaste>;
  readonly options: Required<Pick<OwnPasteServerOptions, 'username' | 'password' | 'perPage'>>;
  /** Makes every nonce handed out so far stale ('rfc'), or hands out a new current one as if another client were challenged ('upstream'). */
  expireNonces(): void;
  /** Nonces handed out in challenges, oldest first. */
  readonly issuedNonces: string[];
  /** Wrong answers counted against the client since its last success. */
  hitCount(): number;
  /** Adds a paste directly and returns it. */
  add(paste: { content: string; fileName?: string | null; language?: string; private?: boolean }): StoredOwnPaste;
}

export const OWNPASTE_REALM = 'ownpaste';

/** A realistic slice of Pygments' lexers (first alias → name), as ownpaste lists them. */
export const OWNPASTE_LANGUAGES: Readonly<Record<string, string>> = {
  bash: 'Bash', batch: 'Batchfile', c: 'C', cmake: 'CMake', clojure: 'Clojure', console: 'Bash Session',
  cpp: 'C++', csharp: 'C#', css: 'CSS', dart: 'Dart', diff: 'Diff', docker: 'Docker', elixir: 'Elixir',
  erlang: 'Erlang', fsharp: 'F#', go: 'Go', groovy: 'Groovy', haskell: 'Haskell', html: 'HTML', ini: 'INI',
  java: 'Java', javascript: 'JavaScript', json: 'JSON', julia: 'Julia', kotlin: 'Kotlin', less: 'LessCss',
  lua: 'Lua', make: 'Makefile', markdown: 'Markdown', nasm: 'NASM', nginx: 'Nginx configuration file',
  'objective-c': 'Objective-C', ocaml: 'OCaml', perl: 'Perl', php: 'PHP', powershell: 'PowerShell',
  pycon: 'Python console session', python: 'Python', python2: 'Python 2.x', rst: 'reStructuredText',
  ruby: 'Ruby', rust: 'Rust', scala: 'Scala', scss: 'SCSS', splus: 'S', sql: 'SQL', swift: 'Swift',
  tex: 'TeX', text: 'Text only', toml: 'TOML', typescript: 'TypeScript', 'vb.net': 'VB.net', vim: 'VimL',
  xml: 'XML', yaml: 'YAML',
};

/** What the server guesses from a file name when no language is sent (Pygments does it from the content too). */
const GUESS_BY_EXTENSION: Record<string, string> = {
  py: 'python', js: 'javascript', ts: 'typescript', c: 'c', h: 'c', cpp: 'cpp', rs: 'rust', go: 'go',
  java: 'java', rb: 'ruby', sh: 'bash', md: 'markdown', json: 'json', yml: 'yaml', yaml: 'yaml', html: 'html',
  css: 'css', sql: 'sql', diff: 'diff', toml: 'toml', xml: 'xml', txt: 'text',
};

// Werkzeug's texts, cut at the first period as ownpaste's error handler does.
const ERRORS: Record<number, [string, string]> = {
  400: ['Bad Request', 'The browser (or proxy) sent a request that this server could not understand'],
  401: ['Unauthorized', "The server could not verify that you are authorized to access the URL requested"],
  403: ['Forbidden', "You don't have the permission to access the requested resource"],
  404: ['Not Found', 'The requested URL was not found on the server'],
  405: ['Method Not Allowed', 'The method is not allowed for the requested URL'],
  413: ['Request Entity Too Large', 'The data value transmitted exceeds the capacity limit'],
  415: ['Unsupported Media Type', 'The server does not support the media type transmitted in the request'],
  500: ['Internal Server Error', 'The server encountered an internal error and was unable to complete your request'],
};

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

/** ownpaste's request_wants_json: JSON only when application/json is preferred over text/html. */
export function wantsJson(accept: string | undefined): boolean {
  const quality = (type: string): number => {
    let best = 0;
    let bestSpecificity = -1;
    for (const part of (accept ?? '').split(',')) {
      const [range = '', ...params] = part.trim().split(';').map((p) => p.trim());
      const [rt, rs] = range.toLowerCase().split('/');
      const [t, s] = type.split('/');
      let specificity = -1;
      if (rt === t && rs === s) specificity = 2;
      else if (rt === t && rs === '*') specificity = 1;
      else if (rt === '*' && rs === '*') specificity = 0;
      if (specificity < bestSpecificity || specificity < 0) continue;
      const q = params.find((p) => p.startsWith('q='));
      best = q ? Number(q.slice(2)) || 0 : 1;
      bestSpecificity = specificity;
    }
    return best;
  };
  const jsonQ = quality('application/json');
  return jsonQ > 0 && jsonQ > quality('text/html');
}

function htmlPage(title: string, body: string): string {
  return `<!doctype html>\n<html lang=en>\n<title>${title}</title>\n${body}\n`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function randomAlnum(length: number): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(randomBytes(length), (b) => chars[b % chars.length]).join('');
}

/** Python's str.splitlines(), for the five-line preview. */
function splitLines(text: string): string[] {
  // eslint-disable-next-line no-control-regex -- Python's splitlines() also breaks on the file/group/record separators
  const lines = text.split(/\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The fields of a `Digest` Authorization header, parsed independently of the client's code. */
function parseDigestAuthorization(header: string | undefined): Record<string, string> | undefined {
  const m = /^\s*Digest\s+([\s\S]*)$/i.exec(header ?? '');
  if (!m) return undefined;
  const fields: Record<string, string> = {};
  const re = /([A-Za-z0-9_*-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))\s*(?:,|$)/g;
  for (let r = re.exec(m[1]!); r; r = re.exec(m[1]!)) {
    fields[r[1]!.toLowerCase()] = r[2] !== undefined ? r[2].replace(/\\(.)/g, '$1') : r[3]!;
  }
  return fields;
}

export async function startOwnPasteServer(options: OwnPasteServerOptions = {}): Promise<OwnPasteServer> {
  const username = options.username ?? 'alice';
  const password = options.password ?? 'wonderland-42';
  const perPage = options.perPage ?? 20;
  const ipBlockHits = options.ipBlockHits ?? 10;
  const nonceMode = options.nonceMode ?? 'rfc';
  const languages = options.languages ?? OWNPASTE_LANGUAGES;
  // Upstream keeps the password only as HA1 (PASSWORD in the config is a1()).
  const ha1 = md5(`${username}:${OWNPASTE_REALM}:${password}`);

  const pastes = new Map<number, StoredOwnPaste>();
  let nextId = 1;
  // 'rfc': every nonce handed out, with the (nc, cnonce) pairs already used.
  const nonces = new Map<string, { stale: boolean; used: Set<string> }>();
  const issuedNonces: string[] = [];
  // 'upstream': the one nonce of the (only) client address, null after a success.
  let currentNonce: string | null = null;
  let hits = 0;
  let blocked = false;

  const newNonce = (): string => {
    const hex = randomBytes(8).toString('hex');
    const nonce = options.pythonBytesNonces ? `b'${hex}'` : hex;
    issuedNonces.push(nonce);
    nonces.set(nonce, { stale: false, used: new Set() });
    return nonce;
  };

  const add: OwnPasteServer['add'] = (p) => {
    const stored: StoredOwnPaste = {
      paste_id: nextId++,
      private_id: p.private ? uniquePrivateId() : null,
      language: p.language ?? guessLanguage(p.fileName ?? null),
      file_name: p.fileName ?? null,
      file_content: p.content,
      pub_timestamp: Math.floor(Date.now() / 1000),
    };
    pastes.set(stored.paste_id, stored);
    return stored;
  };

  function uniquePrivateId(): string {
    for (;;) {
      const id = randomAlnum(20);
      if (![...pastes.values()].some((p) => p.private_id === id)) return id;
    }
  }

  function guessLanguage(fileName: string | null): string {
    const ext = fileName?.toLowerCase().split('.').pop();
    return (ext && fileName?.includes('.') && GUESS_BY_EXTENSION[ext]) || 'text';
  }

  const toJson = (p: StoredOwnPaste, short: boolean) => ({
    paste_id: p.paste_id,
    language: p.language,
    file_name: p.file_name,
    pub_timestamp: p.pub_timestamp,
    private: p.private_id !== null,
    private_id: p.private_id,
    ...(short ? { file_content_preview: splitLines(p.file_content).slice(0, 5).join('\n') } : { file_content: p.file_content }),
  });

  /** Werkzeug's HTTPException through ownpaste's error_handler. */
  const fail = (req: IncomingRequest, status: number, headers: Record<string, string> = {}): Reply => {
    const [name, description] = ERRORS[status] ?? ['Error', 'Something went wrong'];
    if (wantsJson(req.header('accept'))) return json(status, { status: 'fail', error: `${name}: ${description}` }, headers);
    return {
      status,
      headers: { 'Content-Type': 'text/html; charset=utf-8', ...headers },
      body: htmlPage(`${status} ${name}`, `<h1>${name}</h1>\n<p>${description}.</p>`),
    };
  };

  /** HTTPDigestAuth.challenge: a new nonce and a 401 with WWW-Authenticate. */
  const challenge = (req: IncomingRequest, stale = false): Reply => {
    const nonce = newNonce();
    if (nonceMode === 'upstream') currentNonce = nonce;
    // Werkzeug quotes realm, nonce and qop and leaves algorithm (and stale) as tokens.
    const header = `Digest realm="${OWNPASTE_REALM}", nonce="${nonce}", qop="auth", algorithm=MD5${stale ? ', stale=TRUE' : ''}`;
    const headers = { 'WWW-Authenticate': header };
    if (wantsJson(req.header('accept'))) return json(401, { status: 'fail', error: 'Authentication required' }, headers);
    const [name, description] = ERRORS[401]!;
    return { status: 401, headers: { 'Content-Type': 'text/html; charset=utf-8', ...headers }, body: htmlPage(`401 ${name}`, `<h1>${name}</h1>\n<p>${description}.</p>`) };
  };

  /** HTTPDigestAuth.required: undefined when the request may go on, else the answer. */
  const requireAuth = (req: IncomingRequest): Reply | undefined => {
    if (blocked) return fail(req, 403);
    const auth = parseDigestAuthorization(req.header('authorization'));
    // Werkzeug gives no authorization object when a required field is missing.
    const required = ['username', 'realm', 'nonce', 'uri', 'response'];
    if (!auth || required.some((k) => auth[k] === undefined) || (auth.qop !== undefined && (!auth.nc || !auth.cnonce))) {
      return challenge(req);
    }
    // Upstream hashes None when qop is absent and crashes.
    if (auth.qop === undefined) return fail(req, 500);
    // The uri in the answer must be this request's target (RFC 7616 section 3.4.6).
    const target = new URL(auth.uri!, req.origin);
    const sortedQuery = (q: URLSearchParams) => [...q.entries()].map(([k, v]) => `${k}=${v}`).sort().join('&');
    if (target.pathname !== req.path || sortedQuery(target.searchParams) !== sortedQuery(req.query)) return fail(req, 400);

    const nonce = auth.nonce!;
    if (nonceMode === 'upstream' && currentNonce !== null && currentNonce.toLowerCase() !== nonce.toLowerCase()) {
      return fail(req, 400);
    }
    const a2 = md5(`${req.method}:${auth.uri}`);
    const expected = md5(`${ha1}:${nonce}:${auth.nc}:${auth.cnonce}:${auth.qop}:${a2}`);
    if (auth.username !== username || auth.realm !== OWNPASTE_REALM || expected !== auth.response!.toLowerCase()) {
      hits += 1;
      if (hits >= ipBlockHits) {
        blocked = true;
        return fail(req, 403);
      }
      return challenge(req);
    }
    if (nonceMode === 'rfc') {
      const known = nonces.get(nonce);
      if (!known || known.stale) return challenge(req, true);
      const use = `${auth.nc}:${auth.cnonce}`;
      if (known.used.has(use)) return challenge(req); // a replayed answer
      known.used.add(use);
    } else {
      currentNonce = null; // upstream deletes the Ip row on success
    }
    hits = 0;
    return undefined;
  };

  /** Flask's request.json for a JSON API call: 413 / 415 / 400, else the object. */
  const readJson = (req: IncomingRequest): { data: Record<string, unknown> } | { refused: Reply } => {
    if (options.maxContentLength !== undefined && Buffer.byteLength(req.body, 'utf8') > options.maxContentLength) {
      return { refused: fail(req, 413) };
    }
    const type = (req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') return { refused: fail(req, 415) };
    if (req.json === undefined || req.json === null || typeof req.json !== 'object' || Array.isArray(req.json)) {
      // Invalid JSON is a 400; JSON that is not an object breaks data.get() upstream.
      return { refused: fail(req, req.json === undefined ? 400 : 500) };
    }
    return { data: req.json as Record<string, unknown> };
  };

  const findPaste = (id: string): StoredOwnPaste | undefined => {
    if (/^\d+$/.test(id)) return pastes.get(Number(id));
    return [...pastes.values()].find((p) => p.private_id === id);
  };

  const ok = (body: Record<string, unknown>): Reply => json(200, { ...body, status: 'ok' });

  const home = (req: IncomingRequest): Reply => {
    if (wantsJson(req.header('accept'))) {
      return ok({ version: '0.3.1', api_version: '1', [options.languagesKey ?? 'languages']: languages });
    }
    const items = Object.entries(languages).map(([alias, name]) => `<li>${escapeHtml(alias)}: ${escapeHtml(name)}</li>`);
    return { status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: htmlPage('ownpaste', `<ul>${items.join('')}</ul>`) };
  };

  const list = (req: IncomingRequest): Reply => {
    // Upstream reads the page number first, then asks for auth.
    const pageText = req.query.get('page') ?? '1';
    if (!/^-?\d+$/.test(pageText.trim())) return fail(req, 500); // int() raises ValueError upstream
    const page = Number(pageText) || 1;
    if (req.query.get('private') === '1') {
      const refused = requireAuth(req);
      if (refused) return refused;
    }
    const all = [...pastes.values()]
      .filter((p) => req.query.get('private') === '1' || p.private_id === null)
      .sort((a, b) => b.paste_id - a.paste_id);
    const items = all.slice((page - 1) * perPage, page * perPage);
    // Flask-SQLAlchemy's paginate(error_out=True).
    if (page < 1 || (items.length === 0 && page !== 1)) return fail(req, 404);
    const pages = Math.ceil(all.length / perPage);
    if (wantsJson(req.header('accept'))) {
      return ok({ page, pages, per_page: perPage, total: all.length, pastes: items.map((p) => toJson(p, true)) });
    }
    const rows = items.map((p) => `<li><a href="/paste/${p.paste_id}/">${escapeHtml(p.file_name ?? 'unnamed')}</a></li>`);
    return { status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: htmlPage('Pastes', `<ul>${rows.join('')}</ul>`) };
  };

  const create = (req: IncomingRequest): Reply => {
    const refused = requireAuth(req);
    if (refused) return refused;
    const body = readJson(req);
    if ('refused' in body) return body.refused;
    const data = body.data;
    const { file_name: fileName, language, private: isPrivate = false, file_content: content } = data;
    if (typeof isPrivate !== 'boolean') return fail(req, 400);
    if (!('file_content' in data) || typeof content !== 'string') return fail(req, 400);
    const stored = add({
      content,
      fileName: typeof fileName === 'string' ? fileName : null,
      language: typeof language === 'string' ? language : undefined,
      private: isPrivate,
    });
    return ok(toJson(stored, true));
  };

  const show = (req: IncomingRequest, id: string, action: string | undefined): Reply => {
    const paste = findPaste(id);
    if (!paste) return fail(req, 404);
    if (paste.private_id !== null && /^\d+$/.test(id)) {
      const refused = requireAuth(req);
      if (refused) return refused;
    }
    if (action === undefined) {
      if (wantsJson(req.header('accept'))) return ok(toJson(paste, false));
      return {
        status: 200,
        headers: { 'Content-Type': 'text/html; charset=utf-8' },
        body: htmlPage(escapeHtml(paste.file_name ?? 'unnamed'), `<div id="paste"><pre>${escapeHtml(paste.file_content)}</pre></div>`),
      };
    }
    if (action === 'raw') return { status: 200, headers: { 'Content-Type': 'text/plain; charset="utf-8"' }, body: paste.file_content };
    if (action === 'download') {
      const name = (paste.file_name ?? 'untitled.txt').split('/').pop();
      return {
        status: 200,
        headers: { 'Content-Type': 'application/octet-stream', 'Content-Disposition': `attachment; filename="${name}"` },
        body: paste.file_content,
      };
    }
    return fail(req, 404);
  };

  const change = (req: IncomingRequest, id: string): Reply => {
    const refused = requireAuth(req);
    if (refused) return refused;
    const body = readJson(req);
    if ('refused' in body) return body.refused;
    const data = body.data;
    const paste = findPaste(id);
    if (!paste) return fail(req, 404);
    // Missing and null are the same: unchanged.
    const { file_name: fileName, language, private: isPrivate, file_content: content } = data;
    if (isPrivate !== undefined && isPrivate !== null && typeof isPrivate !== 'boolean') return fail(req, 400);
    if (content !== undefined && content !== null && typeof content !== 'string') return fail(req, 400);
    if (typeof fileName === 'string') paste.file_name = fileName;
    if (typeof language === 'string') paste.language = language;
    if (isPrivate === true && paste.private_id === null) paste.private_id = uniquePrivateId();
    if (isPrivate === false) paste.private_id = null;
    if (typeof content === 'string') paste.file_content = content;
    return ok(toJson(paste, true));
  };

  const remove = (req: IncomingRequest, id: string): Reply => {
    const refused = requireAuth(req);
    if (refused) return refused;
    const paste = findPaste(id);
    if (!paste) return fail(req, 404);
    pastes.delete(paste.paste_id);
    return ok({});
  };

  const methodNotAllowed = (req: IncomingRequest, allow: string[]): Reply => fail(req, 405, { Allow: [...allow, 'HEAD', 'OPTIONS'].join(', ') });

  const server = await startServer('ownpaste', (req) => {
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    const path = req.path;
    const routed = (allow: string[], run: () => Reply): Reply => {
      if (method === 'OPTIONS') return { status: 200, headers: { Allow: [...allow, 'HEAD', 'OPTIONS'].join(', ') }, body: '' };
      return allow.includes(method) ? run() : methodNotAllowed(req, allow);
    };
    if (path === '/') return routed(['GET'], () => home(req));
    if (path === '/pygments.css') {
      return routed(['GET'], () => ({ status: 200, headers: { 'Content-Type': 'text/css' }, body: '.syntax .k { font-weight: bold }\n' }));
    }
    const m = /^\/paste(?:\/([^/]+))?(?:\/([^/]+))?(\/?)$/.exec(path);
    if (!m) return fail(req, 404);
    const [, id, action, slash] = m;
    if (!slash) {
      // Werkzeug's strict slashes: a permanent redirect that keeps method and body.
      const query = req.query.toString();
      const location = `${req.origin}${path}/${query ? `?${query}` : ''}`;
      return {
        status: 308,
        headers: { Location: location, 'Content-Type': 'text/html; charset=utf-8' },
        body: htmlPage('Redirecting...', `<h1>Redirecting...</h1>\n<p>You should be redirected automatically to the target URL: <a href="${escapeHtml(location)}">${escapeHtml(location)}</a>. If not, click the link.`),
      };
    }
    if (id === undefined) {
      return routed(['GET', 'POST'], () => (method === 'GET' ? list(req) : create(req)));
    }
    let pasteId: string;
    try {
      pasteId = decodeURIComponent(id);
    } catch {
      return fail(req, 404);
    }
    if (action !== undefined) return routed(['GET'], () => show(req, pasteId, action));
    return routed(['GET', 'DELETE', 'PATCH'], () =>
      method === 'GET' ? show(req, pasteId, undefined) : method === 'PATCH' ? change(req, pasteId) : remove(req, pasteId),
    );
  });

  const ownpaste: OwnPasteServer = Object.assign(server, {
    pastes,
    options: { username, password, perPage },
    issuedNonces,
    hitCount: () => hits,
    validCredentials: { username, password },
    add,
    expireNonces() {
      if (nonceMode === 'upstream') {
        currentNonce = newNonce();
      } else {
        for (const entry of nonces.values()) entry.stale = true;
      }
    },
    seed(count: number, seedOptions: { owned?: boolean } = {}): string[] {
      // ownpaste is single-user: "owned" pastes are the owner's, half of them private;
      // the others are public.
      const owned = seedOptions.owned ?? true;
      return Array.from({ length: count }, (_, i) =>
        String(add({ content: `seeded ${i}\nline 2\n`, fileName: `seed-${i}.txt`, language: 'text', private: owned && i % 2 === 0 }).paste_id),
      );
    },
    stored(id: string) {
      const paste = findPaste(id);
      return paste ? { files: [{ name: paste.file_name ?? '', content: paste.file_content }] } : undefined;
    },
    touch(id: string, content: string) {
      const paste = findPaste(id);
      if (paste) paste.file_content = content;
    },
  });
  return ownpaste;
}
