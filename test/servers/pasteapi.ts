// A faithful local Paste API (IdefaSoft) for tests, after its docs and the service facts:
// every endpoint wants `Authorization: <key>` (the bare key), errors are
// {"code": N, "message": "…"}, paste ids are 12 alphanumerics, created_at is
// "dd/mm/yyyy, HH:MM:SS" (UTC here), expiration/exposure take the documented
// words, names are 2–100 characters, a user's pastes together hold at most
// max_paste_chars characters, DELETE answers 204, and reading a burn-after-read
// paste destroys it. There is no public server source: where the docs are silent
// (statuses for a refused owner or an over-quota create, private pastes of others,
// when an expiration starts) the choices below are this server's, noted inline.
import { randomBytes } from 'node:crypto';
import { json, startServer, type ContractServer, type IncomingRequest, type Reply } from './base';

export interface PasteApiServerOptions {
  /** Every user's max_paste_chars (sum over all their pastes); default 1 000 000 as in the docs' example. */
  maxPasteChars?: number;
  /** Largest request body in bytes (413 above it); default 2 MiB. */
  maxBodyBytes?: number;
}

export const EXPIRATIONS: Readonly<Record<string, number | null>> = {
  '10 minutes': 600,
  '1 hour': 3_600,
  '1 day': 86_400,
  '1 week': 604_800,
  '2 weeks': 1_209_600,
  '1 month': 2_592_000,
  '6 months': 15_552_000,
  '1 year': 31_536_000,
  Never: null,
};
const EXPOSURES = ['public', 'unlisted', 'private'] as const;
type Exposure = (typeof EXPOSURES)[number];

export interface StoredApiPaste {
  id: string;
  owner: string;
  name: string;
  content: string;
  createdAt: number;
  expiration: string;
  exposure: Exposure;
  views: number;
  burnAfterRead: boolean;
}

interface User {
  username: string;
  key: string;
  bio: string | null;
  createdAt: string;
  lastLogin: string;
}

export interface PasteApiServer extends ContractServer {
  readonly config: Required<PasteApiServerOptions>;
  readonly aliceKey: string;
  readonly bobKey: string;
  record(id: string): StoredApiPaste | undefined;
  insert(fields: Partial<StoredApiPaste>): string;
  /** Moves a paste's creation time back by `seconds` (to reach its expiry). */
  age(id: string, seconds: number): void;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomId(length: number): string {
  const bytes = randomBytes(length);
  return [...bytes].map((b) => ALNUM[b % ALNUM.length]).join('');
}

/** "15/05/2024, 18:56:01" in UTC. */
export function formatCreatedAt(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}, ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

const err = (code: number, message: string, headers?: Record<string, string>): Reply => json(code, { code, message }, headers);

const NOT_FOUND_HTML: Reply = {
  status: 404,
  headers: { 'Content-Type': 'text/html' },
  body: '<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n',
};

export async function startPasteApiServer(options: PasteApiServerOptions = {}): Promise<PasteApiServer> {
  const config: Required<PasteApiServerOptions> = {
    maxPasteChars: options.maxPasteChars ?? 1_000_000,
    maxBodyBytes: options.maxBodyBytes ?? 2 * 1024 * 1024,
  };
  const users: User[] = [
    { username: 'alice', key: randomId(32), bio: 'Test account', createdAt: '2024-05-13T20:14:00.015390+00:00', lastLogin: '2024-05-15T15:24:57.655769+00:00' },
    { username: 'bob', key: randomId(32), bio: null, createdAt: '2024-05-14T08:00:00.000000+00:00', lastLogin: '2024-05-14T08:00:00.000000+00:00' },
  ];
  const pastes = new Map<string, StoredApiPaste>();

  function expired(p: StoredApiPaste): boolean {
    // This server counts an expiration from the paste's creation (the only time the paste object shows).
    const seconds = EXPIRATIONS[p.expiration];
    return seconds !== null && seconds !== undefined && p.createdAt + seconds * 1000 <= Date.now();
  }

  function live(id: string): StoredApiPaste | undefined {
    const p = pastes.get(id);
    if (p && expired(p)) {
      pastes.delete(id);
      return undefined;
    }
    return p;
  }

  function insert(fields: Partial<StoredApiPaste>): StoredApiPaste {
    let id = fields.id ?? randomId(12);
    while (pastes.has(id)) id = randomId(12);
    const p: StoredApiPaste = {
      owner: 'alice',
      name: 'Untitled',
      content: '',
      createdAt: Date.now(),
      expiration: 'Never',
      exposure: 'public',
      views: 0,
      burnAfterRead: false,
      ...fields,
      id,
    };
    pastes.set(id, p);
    return p;
  }

  function view(p: StoredApiPaste): Record<string, unknown> {
    return {
      id: p.id,
      name: p.name,
      content: p.content,
      created_at: formatCreatedAt(p.createdAt),
      expiration: p.expiration,
      exposure: p.exposure,
      views: p.views,
      burn_after_read: p.burnAfterRead,
    };
  }

  function usedChars(owner: string, except?: string): number {
    let total = 0;
    for (const p of pastes.values()) if (p.owner === owner && p.id !== except && !expired(p)) total += [...p.content].length;
    return total;
  }

  /** Validates the fields a create or an edit may carry; returns an error reply or undefined. */
  function validate(body: Record<string, unknown>, creating: boolean): Reply | undefined {
    if (creating || body.name !== undefined) {
      const n = typeof body.name === 'string' ? [...body.name].length : -1;
      if (n < 2 || n > 100) return err(400, 'The name must be between 2 and 100 characters long');
    }
    if (creating || body.content !== undefined) {
      if (typeof body.content !== 'string' || body.content.length === 0) return err(400, 'The content must be a non-empty string');
    }
    if (body.expiration !== undefined && (typeof body.expiration !== 'string' || !(body.expiration in EXPIRATIONS))) {
      return err(400, `The expiration must be one of: ${Object.keys(EXPIRATIONS).join(', ')}`);
    }
    if (body.exposure !== undefined && !EXPOSURES.includes(body.exposure as Exposure)) {
      return err(400, 'The exposure must be public, unlisted or private');
    }
    if (body.burn_after_read !== undefined && typeof body.burn_after_read !== 'boolean') {
      return err(400, 'burn_after_read must be a boolean');
    }
    return undefined;
  }

  function overQuota(owner: string, content: string, except?: string): Reply | undefined {
    const total = usedChars(owner, except) + [...content].length;
    if (total > config.maxPasteChars) {
      // This server's choice: 413, with the quota in the message.
      return err(413, `Your pastes would hold ${total} characters, more than your limit of ${config.maxPasteChars}`);
    }
    return undefined;
  }

  function jsonBody(req: IncomingRequest): Record<string, unknown> | undefined {
    const j = req.json;
    return typeof j === 'object' && j !== null && !Array.isArray(j) ? (j as Record<string, unknown>) : undefined;
  }
  const BAD_BODY = () => err(400, 'The request body must be a JSON object');

  function handle(req: IncomingRequest): Reply {
    if (Buffer.byteLength(req.body, 'utf8') > config.maxBodyBytes) return err(413, 'Request Entity Too Large');

    const routes = [
      { name: 'create', re: /^\/create$/, method: 'POST' },
      { name: 'get', re: /^\/paste\/@([^/]+)$/, method: 'GET' },
      { name: 'edit', re: /^\/edit\/([^/]+)$/, method: 'PATCH' },
      { name: 'delete', re: /^\/delete\/([^/]+)$/, method: 'DELETE' },
      { name: 'account', re: /^\/accounts\/@([^/]+)$/, method: 'GET' },
    ] as const;
    const route = routes.find((r) => r.re.test(req.path));
    if (!route) return NOT_FOUND_HTML;
    if (req.method !== route.method) return err(405, 'Method Not Allowed', { Allow: route.method });
    let param: string;
    try {
      param = decodeURIComponent(route.re.exec(req.path)![1] ?? '');
    } catch {
      return err(400, 'Bad path');
    }

    // The bare key; "Bearer <key>" or anything else is refused.
    const user = users.find((u) => u.key === req.header('authorization'));
    if (!user) return err(401, 'Invalid or missing API key');

    switch (route.name) {
      case 'create': {
        const b = jsonBody(req);
        if (!b) return BAD_BODY();
        const invalid = validate(b, true);
        if (invalid) return invalid;
        const quota = overQuota(user.username, b.content as string);
        if (quota) return quota;
        const p = insert({
          owner: user.username,
          name: b.name as string,
          content: b.content as string,
          expiration: (b.expiration as string | undefined) ?? 'Never',
          exposure: (b.exposure as Exposure | undefined) ?? 'public',
          burnAfterRead: (b.burn_after_read as boolean | undefined) ?? false,
        });
        return json(200, view(p));
      }
      case 'get': {
        const p = live(param);
        // A private paste is not there for anyone but its owner.
        if (!p || (p.exposure === 'private' && p.owner !== user.username)) return err(404, 'Paste not found');
        p.views += 1;
        const answer = json(200, view(p));
        if (p.burnAfterRead) pastes.delete(p.id);
        return answer;
      }
      case 'edit': {
        const b = jsonBody(req);
        if (!b) return BAD_BODY();
        const p = live(param);
        if (!p || (p.exposure === 'private' && p.owner !== user.username)) return err(404, 'Paste not found');
        if (b.id !== p.id) return err(400, 'The id in the body does not match the paste');
        if (p.owner !== user.username) return err(403, 'You are not the owner of this paste');
        const invalid = validate(b, false);
        if (invalid) return invalid;
        if (typeof b.content === 'string') {
          const quota = overQuota(user.username, b.content, p.id);
          if (quota) return quota;
          p.content = b.content;
        }
        if (typeof b.name === 'string') p.name = b.name;
        if (typeof b.expiration === 'string') p.expiration = b.expiration;
        if (typeof b.exposure === 'string') p.exposure = b.exposure as Exposure;
        if (typeof b.burn_after_read === 'boolean') p.burnAfterRead = b.burn_after_read;
        return json(200, view(p));
      }
      case 'delete': {
        const p = live(param);
        if (!p || (p.exposure === 'private' && p.owner !== user.username)) return err(404, 'Paste not found');
        if (p.owner !== user.username) return err(403, 'You are not the owner of this paste');
        pastes.delete(p.id);
        return { status: 204 };
      }
      case 'account': {
        const account = users.find((u) => u.username === param);
        if (!account) return err(404, 'User not found');
        const self = account.username === user.username;
        const own = [...pastes.values()].filter((p) => p.owner === account.username && !expired(p) && (self || p.exposure === 'public'));
        return json(200, {
          username: account.username,
          avatar: null,
          bio: account.bio,
          badges: [],
          created_at: account.createdAt,
          last_login: account.lastLogin,
          max_paste_chars: config.maxPasteChars,
          pastes: own.map(view),
        });
      }
    }
  }

  const server = await startServer('pasteapi', handle);

  return Object.assign(server, {
    config,
    aliceKey: users[0]!.key,
    bobKey: users[1]!.key,
    validCredentials: { key: users[0]!.key, username: 'alice' },
    seed(count: number, seedOptions?: { owned?: boolean }): string[] {
      // There are no anonymous pastes here: "not owned" means bob's public pastes.
      const owner = seedOptions?.owned ?? true ? 'alice' : 'bob';
      return Array.from({ length: count }, (_, i) => insert({ owner, name: `seed-${i + 1}.txt`, content: `seeded paste ${i + 1}\n` }).id);
    },
    stored(id: string) {
      const p = live(id);
      return p ? { files: [{ name: p.name, content: p.content }] } : undefined;
    },
    touch(id: string, content: string): void {
      const p = live(id);
      if (p) p.content = content;
    },
    record(id: string) {
      return pastes.get(id);
    },
    insert(fields: Partial<StoredApiPaste>): string {
      return insert(fields).id;
    },
    age(id: string, seconds: number): void {
      const p = pastes.get(id);
      if (p) p.createdAt -= seconds * 1000;
    },
  }) satisfies PasteApiServer;
}
