// A faithful in-memory paste.ee v1 server (api/pasteee.txt plus the facts notes):
// every /v1 call needs a key (X-Auth-Token header, `key` query/body parameter or
// the Basic-auth username); one Application key and one UserApplication key for
// alice; listing needs the UserApplication key (403 otherwise); bodies as JSON or
// form-urlencoded (PHP-style `sections[0][contents]`); 5-character ids; dates as
// "YYYY-MM-DD HH:MM:SS" (UTC); Laravel-style paginator; trailing slashes redirect
// (301); unknown routes are an HTML 404, wrong methods a 405.
import { randomBytes } from 'node:crypto';
import { json, startServer, type ContractServer, type IncomingRequest, type Reply } from './base';

export interface PasteEeServerOptions {
  /** Largest request body accepted, in bytes (nginx answers 413 above it). Default 6 MiB. */
  maxBodyBytes?: number;
}

export interface StoredSection {
  id: number;
  name: string;
  syntax: string;
  contents: string;
}

export interface StoredPaste {
  id: string;
  description: string;
  encrypted: boolean;
  views: number;
  /** ms since the epoch. */
  createdAt: number;
  /** ms since the epoch; null: never. */
  expiresAt: number | null;
  sections: StoredSection[];
  /** "alice" when made with the UserApplication key. */
  owner?: string;
  /** The key that made it (an Application key may delete its own pastes). */
  madeWith: string;
  seq: number;
}

export interface PasteEeServer extends ContractServer {
  /** Alice's Application key: creates pastes that belong to no account; cannot list. */
  readonly applicationKey: string;
  /** Alice's UserApplication key (also `validCredentials.key`). */
  readonly userKey: string;
  readonly password: string;
  /** The syntax `short` names the server lists. */
  readonly syntaxShorts: readonly string[];
  /** The stored record for an id (undefined when gone or expired). */
  paste(id: string): StoredPaste | undefined;
  /** Makes a paste expire now. */
  expire(id: string): void;
}

const SYNTAXES: readonly [string, string][] = [
  ['autodetect', 'Auto Detect'], ['text', 'Text'], ['bash', 'Bash'], ['c', 'C'], ['cpp', 'C++'], ['csharp', 'C#'],
  ['css', 'CSS'], ['diff', 'Diff'], ['dockerfile', 'Dockerfile'], ['go', 'Go'], ['html', 'HTML'], ['ini', 'INI'],
  ['java', 'Java'], ['javascript', 'JavaScript'], ['json', 'JSON'], ['kotlin', 'Kotlin'], ['lua', 'Lua'],
  ['makefile', 'Makefile'], ['markdown', 'Markdown'], ['perl', 'Perl'], ['php', 'PHP'], ['powershell', 'PowerShell'],
  ['python', 'Python'], ['ruby', 'Ruby'], ['rust', 'Rust'], ['scss', 'SCSS'], ['sql', 'SQL'], ['swift', 'Swift'],
  ['typescript', 'TypeScript'], ['xml', 'XML'], ['yaml', 'YAML'],
];
const SYNTAX_SHORTS = new Set(SYNTAXES.map(([s]) => s));
const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomToken(length: number): string {
  const bytes = randomBytes(length);
  return Array.from(bytes, (b) => ID_CHARS[b % ID_CHARS.length]).join('');
}

/** "2015-11-10 22:15:41" in UTC. */
export function pasteEeTimestamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

type Body = Record<string, unknown>;

function isObject(v: unknown): v is Body {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** PHP-style form decoding: `a[0][b]=x`, `a[]=y`. */
export function parsePhpForm(text: string): Body {
  const out: Body = {};
  for (const [rawKey, value] of new URLSearchParams(text)) {
    const m = /^([^[\]]+)((?:\[[^\]]*\])*)$/.exec(rawKey);
    if (!m) continue;
    const path = [m[1]!, ...Array.from(m[2]!.matchAll(/\[([^\]]*)\]/g), (x) => x[1]!)];
    let node: Body = out;
    for (let i = 0; i < path.length; i++) {
      let seg = path[i]!;
      if (seg === '') seg = String(Object.keys(node).length);
      if (i === path.length - 1) {
        node[seg] = value;
      } else {
        if (!isObject(node[seg])) node[seg] = {};
        node = node[seg] as Body;
      }
    }
  }
  return out;
}

/** A PHP array given as a JSON array or an object with numeric keys. */
function asList(v: unknown): unknown[] | undefined {
  if (Array.isArray(v)) return v;
  if (isObject(v)) {
    const keys = Object.keys(v);
    if (keys.every((k) => /^\d+$/.test(k))) return keys.sort((a, b) => Number(a) - Number(b)).map((k) => v[k]);
  }
  return undefined;
}

/** Seconds, one suffixed unit (d, w, m = months, y) or "never"; undefined when invalid. */
export function expirationMs(value: unknown, now: number): number | null | undefined {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim().toLowerCase() : undefined;
  if (text === undefined) return undefined;
  if (text === 'never') return null;
  if (/^\d+$/.test(text)) {
    const seconds = Number(text);
    return seconds > 0 ? now + seconds * 1000 : undefined;
  }
  const m = /^(\d+)([dwmy])$/.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  if (n <= 0) return undefined;
  const d = new Date(now);
  if (m[2] === 'd') d.setUTCDate(d.getUTCDate() + n);
  if (m[2] === 'w') d.setUTCDate(d.getUTCDate() + 7 * n);
  if (m[2] === 'm') d.setUTCMonth(d.getUTCMonth() + n);
  if (m[2] === 'y') d.setUTCFullYear(d.getUTCFullYear() + n);
  return d.getTime();
}

const notFoundPage = (): Reply => ({
  status: 404,
  headers: { 'Content-Type': 'text/html; charset=UTF-8' },
  body: '<!DOCTYPE html><html><head><title>Page Not Found</title></head><body><h1>Sorry, the page you are looking for could not be found.</h1></body></html>',
});

const methodNotAllowed = (allow: string[]): Reply => ({
  status: 405,
  headers: { 'Content-Type': 'text/html; charset=UTF-8', Allow: allow.join(', ') },
  body: '<!DOCTYPE html><html><head><title>Method Not Allowed</title></head><body><h1>Whoops, looks like something went wrong.</h1></body></html>',
});

const tooLarge = (): Reply => ({
  status: 413,
  headers: { 'Content-Type': 'text/html' },
  body: '<html><head><title>413 Request Entity Too Large</title></head><body><center><h1>413 Request Entity Too Large</h1></center><hr><center>nginx</center></body></html>',
});

function fail(status: number, message: string, field?: string): Reply {
  return json(status, { success: false, errors: [field ? { field, message } : { message }] });
}

export async function startPasteEeServer(options: PasteEeServerOptions = {}): Promise<PasteEeServer> {
  const maxBodyBytes = options.maxBodyBytes ?? 6 * 1024 * 1024;
  const applicationKey = `a${randomToken(39)}`;
  const userKey = `u${randomToken(39)}`;
  const password = 'alice-password';
  const store = new Map<string, StoredPaste>();
  let seq = 0;
  let sectionSeq = 0;

  const live = (id: string): StoredPaste | undefined => {
    const p = store.get(id);
    if (p && p.expiresAt !== null && p.expiresAt <= Date.now()) {
      store.delete(id);
      return undefined;
    }
    return p;
  };

  const newId = (): string => {
    for (;;) {
      const id = randomToken(5);
      if (!store.has(id)) return id;
    }
  };

  const insert = (init: {
    description?: string;
    encrypted?: boolean;
    expiresAt: number | null;
    sections: { name?: string; syntax?: string; contents: string }[];
    owner?: string;
    madeWith: string;
  }): StoredPaste => {
    const id = newId();
    const count = init.sections.length;
    const paste: StoredPaste = {
      id,
      description: init.description ?? '',
      encrypted: init.encrypted ?? false,
      views: 0,
      createdAt: Date.now(),
      expiresAt: init.expiresAt,
      sections: init.sections.map((s, i) => ({
        id: sectionSeq++,
        name: s.name || (count > 1 ? `New Paste ${i + 1}` : 'New Paste'),
        syntax: s.syntax || 'autodetect',
        contents: s.contents,
      })),
      owner: init.owner,
      madeWith: init.madeWith,
      seq: seq++,
    };
    store.set(id, paste);
    return paste;
  };

  const keyType = (key: string | undefined): 'Application' | 'UserApplication' | undefined =>
    key === applicationKey ? 'Application' : key === userKey ? 'UserApplication' : undefined;

  const readBody = (req: IncomingRequest): Body | 'invalid' => {
    if (!req.body) return {};
    const type = (req.header('content-type') ?? '').toLowerCase();
    if (type.includes('json')) return isObject(req.json) ? req.json : 'invalid';
    return parsePhpForm(req.body);
  };

  const keyOf = (req: IncomingRequest, body: Body): string | undefined => {
    const header = req.header('x-auth-token');
    if (header) return header;
    const query = req.query.get('key');
    if (query) return query;
    if (typeof body.key === 'string' && body.key) return body.key;
    const auth = req.header('authorization');
    const m = auth ? /^Basic\s+(\S+)$/i.exec(auth) : null;
    if (m) {
      const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
      const user = decoded.split(':')[0];
      if (user) return user;
    }
    return undefined;
  };

  const pasteJson = (p: StoredPaste) => ({
    id: p.id,
    encrypted: p.encrypted,
    description: p.description,
    views: p.views,
    created_at: pasteEeTimestamp(p.createdAt),
    expires_at: p.expiresAt === null ? null : pasteEeTimestamp(p.expiresAt),
    sections: p.sections.map((s) => ({ id: s.id, syntax: s.syntax, name: s.name, contents: s.contents })),
  });

  const create = (req: IncomingRequest, body: Body, key: string): Reply => {
    const sections = asList(body.sections);
    if (!sections || sections.length === 0) return fail(400, 'The sections field is required.', 'sections');
    const parsed: { name?: string; syntax?: string; contents: string }[] = [];
    for (const [i, raw] of sections.entries()) {
      if (!isObject(raw)) return fail(400, `The sections.${i} field must be an array.`, `sections.${i}`);
      if (typeof raw.contents !== 'string' || raw.contents === '') {
        return fail(400, `The sections.${i}.contents field is required.`, `sections.${i}.contents`);
      }
      if (raw.syntax !== undefined && (typeof raw.syntax !== 'string' || !SYNTAX_SHORTS.has(raw.syntax))) {
        return fail(400, `The selected sections.${i}.syntax is invalid.`, `sections.${i}.syntax`);
      }
      if (raw.name !== undefined && typeof raw.name !== 'string') return fail(400, `The sections.${i}.name must be a string.`, `sections.${i}.name`);
      parsed.push({ name: raw.name as string | undefined, syntax: raw.syntax as string | undefined, contents: raw.contents });
    }
    if (body.description !== undefined && typeof body.description !== 'string') {
      return fail(400, 'The description must be a string.', 'description');
    }
    const expiresAt = expirationMs(body.expiration ?? '1m', Date.now());
    if (expiresAt === undefined) return fail(400, 'The expiration is invalid.', 'expiration');
    const encrypted = body.encrypted === true || body.encrypted === 'true' || body.encrypted === '1' || body.encrypted === 1;
    const paste = insert({
      description: body.description as string | undefined,
      encrypted,
      expiresAt,
      sections: parsed,
      owner: keyType(key) === 'UserApplication' ? 'alice' : undefined,
      madeWith: key,
    });
    return json(200, { id: paste.id, link: `${req.origin}/p/${paste.id}` });
  };

  const list = (req: IncomingRequest, key: string): Reply => {
    if (keyType(key) !== 'UserApplication') return fail(403, 'This endpoint requires a UserApplication key.');
    const perpageRaw = Number(req.query.get('perpage') ?? '25');
    const perPage = Number.isInteger(perpageRaw) && perpageRaw > 0 ? Math.min(perpageRaw, 1000) : 25;
    const pageRaw = Number(req.query.get('page') ?? '1');
    const page = Number.isInteger(pageRaw) && pageRaw > 0 ? pageRaw : 1;
    const own = [...store.keys()]
      .map(live)
      .filter((p): p is StoredPaste => p !== undefined && p.owner === 'alice')
      .sort((a, b) => b.seq - a.seq);
    const total = own.length;
    const lastPage = Math.max(1, Math.ceil(total / perPage));
    const slice = own.slice((page - 1) * perPage, page * perPage);
    const url = (n: number) => `${req.origin}/v1/pastes?page=${n}`;
    return json(200, {
      total,
      per_page: perPage,
      current_page: page,
      last_page: lastPage,
      next_page_url: page < lastPage ? url(page + 1) : null,
      prev_page_url: page > 1 ? url(page - 1) : null,
      from: slice.length ? (page - 1) * perPage + 1 : null,
      to: slice.length ? (page - 1) * perPage + slice.length : null,
      data: slice.map((p) => ({
        id: p.id,
        description: p.description,
        views: p.views,
        created_at: pasteEeTimestamp(p.createdAt),
        sections: p.sections.map((s) => ({ name: s.name, syntax: s.syntax, contents: s.contents })),
      })),
    });
  };

  const api = async (req: IncomingRequest): Promise<Reply> => {
    const segs = req.path.split('/').slice(2); // after "/v1"
    type Route = { methods: Record<string, (body: Body, key: string) => Reply> };
    let route: Route | undefined;
    if (segs.length === 1 && segs[0] === 'pastes') {
      route = { methods: { GET: (_b, key) => list(req, key), POST: (body, key) => create(req, body, key) } };
    } else if (segs.length === 2 && segs[0] === 'pastes' && segs[1] === 'file') {
      route = { methods: { POST: () => fail(400, 'The files field is required.', 'files') } };
    } else if (segs.length === 2 && segs[0] === 'pastes') {
      const id = segs[1]!;
      route = {
        methods: {
          GET: () => {
            const p = live(id);
            if (!p) return fail(404, 'Paste not found.', 'id');
            const out = json(200, { success: true, paste: pasteJson(p) });
            p.views += 1;
            return out;
          },
          DELETE: (_b, key) => {
            const p = live(id);
            if (!p) return fail(404, 'Paste not found.', 'id');
            const mine = p.madeWith === key || (p.owner === 'alice' && keyType(key) === 'UserApplication');
            if (!mine) return fail(403, 'You do not have permission to delete this paste.');
            store.delete(id);
            return json(200, { success: true });
          },
        },
      };
    } else if (segs.length === 1 && segs[0] === 'syntaxes') {
      route = {
        methods: {
          GET: () => json(200, { syntaxes: SYNTAXES.map(([short, name], i) => ({ id: i + 1, short, name })), success: true }),
        },
      };
    } else if (segs.length === 2 && segs[0] === 'syntaxes') {
      route = {
        methods: {
          GET: () => {
            const i = Number(segs[1]) - 1;
            const s = Number.isInteger(i) ? SYNTAXES[i] : undefined;
            if (!s) return fail(404, 'Syntax not found.', 'id');
            return json(200, { syntax: { id: String(i + 1), short: s[0], name: s[1] }, success: true });
          },
        },
      };
    } else if (segs.length === 2 && segs[0] === 'users' && segs[1] === 'info') {
      route = { methods: { GET: (_b, key) => json(200, { type: keyType(key) }) } };
    } else if (segs.length === 2 && segs[0] === 'users' && segs[1] === 'authenticate') {
      route = {
        methods: {
          POST: (body) =>
            body.username === 'alice' && body.password === password
              ? json(200, { success: true, key: userKey })
              : fail(401, 'Invalid username or password.'),
        },
      };
    }
    if (!route) return notFoundPage();
    const handler = route.methods[req.method];
    if (!handler) return methodNotAllowed(Object.keys(route.methods));
    const body = readBody(req);
    if (body === 'invalid') return fail(400, 'The request body is not valid JSON.');
    const key = keyOf(req, body);
    if (!keyType(key)) return fail(401, key ? 'Invalid API key.' : 'An API key is required.', 'key');
    return handler(body, key!);
  };

  const web = (req: IncomingRequest): Reply => {
    const m = /^\/([pr])\/([A-Za-z0-9]+)(?:\/(\d+))?$/.exec(req.path);
    if (!m || req.method !== 'GET') return notFoundPage();
    const p = live(m[2]!);
    if (!p) return notFoundPage();
    if (m[1] === 'p') {
      const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
      const sections = p.sections.map((s) => `<h2>${esc(s.name)}</h2><pre>${esc(s.contents)}</pre>`).join('');
      return { status: 200, headers: { 'Content-Type': 'text/html; charset=UTF-8' }, body: `<!DOCTYPE html><html><body>${sections}</body></html>` };
    }
    const section = p.sections[Number(m[3] ?? '0')];
    if (!section) return notFoundPage();
    return { status: 200, headers: { 'Content-Type': 'text/plain; charset=UTF-8' }, body: section.contents };
  };

  const server = await startServer('paste.ee', async (req) => {
    if (Buffer.byteLength(req.body, 'utf8') > maxBodyBytes) return tooLarge();
    if (req.path.length > 1 && req.path.endsWith('/')) {
      const query = req.query.toString();
      return { status: 301, headers: { Location: `${req.origin}${req.path.replace(/\/+$/, '')}${query ? `?${query}` : ''}` }, body: '' };
    }
    if (req.path === '/v1' || req.path.startsWith('/v1/')) {
      const accept = (req.header('accept') ?? '').toLowerCase();
      if (accept && !/json|xml|\*\/\*|application\/\*/.test(accept)) {
        return fail(406, 'Only JSON and XML responses are available.');
      }
      return api(req);
    }
    return web(req);
  });

  const seedOne = (owned: boolean, i: number): string =>
    insert({
      description: `seeded ${i}`,
      expiresAt: null,
      sections: [{ name: `seed-${i}.txt`, syntax: 'text', contents: `seeded paste ${i}\n` }],
      owner: owned ? 'alice' : undefined,
      madeWith: owned ? userKey : applicationKey,
    }).id;

  return Object.assign(server, {
    validCredentials: { key: userKey },
    applicationKey,
    userKey,
    password,
    syntaxShorts: SYNTAXES.map(([s]) => s),
    seed(count: number, seedOptions: { owned?: boolean } = {}): string[] {
      return Array.from({ length: count }, (_, i) => seedOne(seedOptions.owned ?? true, i));
    },
    stored(id: string) {
      const p = live(id);
      return p ? { files: p.sections.map((s) => ({ name: s.name, content: s.contents })) } : undefined;
    },
    touch(id: string, content: string): void {
      const s = live(id)?.sections[0];
      if (s) s.contents = content;
    },
    paste: live,
    expire(id: string): void {
      const p = store.get(id);
      if (p) p.expiresAt = Date.now() - 1;
    },
  });
}
