// A faithful local Modern Paste (LINKIWI/modern-paste, Flask) for tests.
//
// As the upstream server: every API endpoint answers POST only (Flask's HTML 405
// otherwise) and reads its parameters with request.get_json(), which is None
// unless the Content-Type is application/json (→ incomplete_params_failure);
// errors carry `failure` (not the docs' `failure_name`); submit answers the bare
// paste fields plus deactivation_token and url; the other answers wrap them;
// paste_id_repr is a number unless ids are encrypted; pages start at 0 and are
// empty past the end. A password-protected paste answers details with 401
// `password_mismatch_failure` (upstream; the docs say auth_failure).
// Deployment-like extras: a request body limit answered as a proxy would (413,
// nginx HTML) and the attachment size limit (414 paste_attachment_too_large_failure).
import { randomBytes } from 'node:crypto';
import { json, startServer, type ContractServer, type IncomingRequest, type Reply } from './base';

export interface ModernPasteServerOptions {
  /** REQUIRE_LOGIN_TO_PASTE off (default): anonymous pastes are accepted. */
  anonymousPastes?: boolean;
  /** USE_ENCRYPTED_IDS: ids are opaque strings instead of numbers. */
  encryptedIds?: boolean;
  /** ENABLE_PASTE_ATTACHMENTS (default true). */
  attachmentsEnabled?: boolean;
  /** MAX_ATTACHMENT_SIZE in bytes (decoded base64); default 5 MB. */
  maxAttachmentBytes?: number;
  /** The reverse proxy's body limit (client_max_body_size); default 8 MiB. */
  maxBodyBytes?: number;
}

interface StoredAttachment {
  name: string;
  size: number;
  mime_type: string;
}

export interface StoredModernPaste {
  id: number;
  encId?: string;
  userId: number | null;
  postTime: number;
  expiryTime: number | null;
  title: string | null;
  language: string;
  password: string | null;
  contents: string;
  deactivationToken: string;
  active: boolean;
  views: number;
  attachments: StoredAttachment[];
}

interface User {
  id: number;
  username: string;
  apiKey: string;
  active: boolean;
}

export interface ModernPasteServer extends ContractServer {
  readonly config: Required<ModernPasteServerOptions>;
  readonly aliceKey: string;
  readonly bobKey: string;
  /** The stored record for an id as the client sees it (repr), active or not. */
  record(id: string): StoredModernPaste | undefined;
  /** Puts one paste straight into the store and returns its id repr. */
  insert(fields: Partial<Omit<StoredModernPaste, 'id' | 'encId'>>): string;
}

function apiKey(): string {
  return randomBytes(48).toString('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, 64);
}

function htmlPage(status: number, title: string, text: string): Reply {
  return {
    status,
    headers: { 'Content-Type': 'text/html; charset=utf-8' },
    body: `<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 3.2 Final//EN">\n<title>${status} ${title}</title>\n<h1>${title}</h1>\n<p>${text}</p>\n`,
  };
}

const NOT_FOUND_PAGE = () =>
  htmlPage(404, 'Not Found', 'The requested URL was not found on the server.  If you entered the URL manually please check your spelling and try again.');

const FAILURES = {
  auth: { status: 401, body: { success: false, message: 'User needs to be authenticated to complete this request', failure: 'auth_failure' } },
  incomplete: { status: 400, body: { success: false, message: 'Required params are missing', failure: 'incomplete_params_failure' } },
  nonexistentPaste: { status: 404, body: { success: false, message: 'Paste does not exist', failure: 'nonexistent_paste_failure' } },
  undefined: { status: 500, body: { success: false, message: 'Undefined server-side failure', failure: 'undefined_failure' } },
  anonymousDisabled: {
    status: 403,
    body: {
      success: false,
      message:
        'The server administrator has required that users be signed in to post a paste. If you have an account, authenticate this paste with an API key to post a paste. See /api for more details.',
      failure: 'unauthenticated_pastes_disabled_failure',
    },
  },
  attachmentsDisabled: {
    status: 403,
    body: { success: false, message: 'The server administrator has disabled paste attachments', failure: 'paste_attachments_disabled_failure' },
  },
  attachmentTooLarge: {
    status: 414,
    body: {
      success: false,
      message: 'One or more attached files is too large. The maximum file size is 5.0 MB.',
      failure: 'paste_attachment_too_large_failure',
    },
  },
} as const;

function fail(which: keyof typeof FAILURES): Reply {
  const f = FAILURES[which];
  return json(f.status, f.body);
}

const ENDPOINTS = new Set(['submit', 'details', 'user', 'deactivate', 'set_password', 'recent', 'top']);

export async function startModernPasteServer(options: ModernPasteServerOptions = {}): Promise<ModernPasteServer> {
  const config: Required<ModernPasteServerOptions> = {
    anonymousPastes: options.anonymousPastes ?? true,
    encryptedIds: options.encryptedIds ?? false,
    attachmentsEnabled: options.attachmentsEnabled ?? true,
    maxAttachmentBytes: options.maxAttachmentBytes ?? 5_000_000,
    maxBodyBytes: options.maxBodyBytes ?? 8 * 1024 * 1024,
  };
  const users: User[] = [
    { id: 1, username: 'alice', apiKey: apiKey(), active: true },
    { id: 2, username: 'bob', apiKey: apiKey(), active: true },
  ];
  const pastes = new Map<number, StoredModernPaste>();
  const byEncId = new Map<string, number>();
  let nextId = 1;
  let origin = '';

  const now = () => Math.floor(Date.now() / 1000);

  function newEncId(): string {
    for (;;) {
      const id = randomBytes(16).toString('base64').replace(/\+/g, '~').replace(/\//g, '-').replace(/=+$/, '');
      if (!/^\d+$/.test(id) && !byEncId.has(id)) return id;
    }
  }

  function insert(fields: Partial<Omit<StoredModernPaste, 'id' | 'encId'>>): StoredModernPaste {
    const id = nextId++;
    const paste: StoredModernPaste = {
      id,
      userId: null,
      postTime: now(),
      expiryTime: null,
      title: 'Untitled',
      language: 'text',
      password: null,
      contents: '',
      deactivationToken: apiKey(),
      active: true,
      views: 0,
      attachments: [],
      ...fields,
    };
    // Every paste gets an encrypted id, so switching the option later still resolves.
    paste.encId = newEncId();
    byEncId.set(paste.encId, id);
    pastes.set(id, paste);
    return paste;
  }

  function repr(p: StoredModernPaste): number | string {
    return config.encryptedIds ? p.encId! : p.id;
  }

  const isLive = (p: StoredModernPaste) => p.active && (p.expiryTime === null || p.expiryTime > now());

  /** util.cryptography.get_decid: ints (or int strings) when ids are plain, the encrypted string otherwise. */
  function lookup(raw: unknown, activeOnly = true): StoredModernPaste | undefined {
    let id: number | undefined;
    if (config.encryptedIds) {
      if (typeof raw === 'string') id = byEncId.get(raw);
    } else if (typeof raw === 'number' && Number.isInteger(raw) && raw > 0) {
      id = raw;
    } else if (typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) && Number(raw) > 0) {
      id = Number(raw);
    }
    const paste = id === undefined ? undefined : pastes.get(id);
    if (!paste) return undefined;
    return !activeOnly || isLive(paste) ? paste : undefined;
  }

  /** A paste by the id a client holds (always a string there). */
  function find(id: string, activeOnly = true): StoredModernPaste | undefined {
    return lookup(config.encryptedIds ? id : /^\d+$/.test(id) ? Number(id) : id, activeOnly);
  }

  function userById(id: number | null): User | undefined {
    return id === null ? undefined : users.find((u) => u.id === id);
  }

  function asDict(p: StoredModernPaste): Record<string, unknown> {
    return {
      paste_id_repr: repr(p),
      is_active: p.active,
      is_password_protected: p.password !== null,
      post_time: p.postTime,
      expiry_time: p.expiryTime,
      contents: p.contents,
      title: p.title,
      language: p.language,
      views: p.views,
      url: `${origin}/paste/${repr(p)}`,
    };
  }

  function details(p: StoredModernPaste): Record<string, unknown> {
    const poster = userById(p.userId);
    return {
      ...asDict(p),
      poster_username: poster?.active ? poster.username : 'Anonymous',
      attachments: p.attachments.map((a) => ({ file_name: a.name, file_size: a.size, mime_type: a.mime_type })),
    };
  }

  /** require_form_args: present, not null, and not blank once stringified. */
  function hasArgs(data: Record<string, unknown> | undefined, args: string[], allowBlank = false): boolean {
    if (!data) return args.length === 0;
    return args.every((a) => a in data && (allowBlank || (data[a] !== null && String(data[a]).length > 0)));
  }

  function toInt(value: unknown): number | undefined {
    if (typeof value === 'number' && Number.isFinite(value)) return Math.trunc(value);
    if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) return Number(value);
    return undefined;
  }

  type Auth = { user?: User; refused?: true };
  /** optional_login_api / require_login_api: an api_key in the body logs the user in. */
  function authenticate(data: Record<string, unknown> | undefined): Auth {
    const key = data?.api_key;
    if (!key) return {};
    const user = users.find((u) => u.active && u.apiKey === key);
    if (data) delete data.api_key;
    return user ? { user } : { refused: true };
  }

  function page(list: StoredModernPaste[], data: Record<string, unknown>): Reply {
    const pageNum = toInt(data.page_num);
    const perPage = toInt(data.num_per_page);
    if (pageNum === undefined || perPage === undefined || pageNum < 0 || perPage < 0) return fail('undefined');
    const slice = list.slice(pageNum * perPage, pageNum * perPage + perPage);
    return json(200, { success: true, message: null, pastes: slice.map(asDict) });
  }

  function api(endpoint: string, req: IncomingRequest): Reply {
    const type = (req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    let data: Record<string, unknown> | undefined;
    if (type === 'application/json') {
      if (req.json === undefined && req.body.trim() !== '') {
        return htmlPage(400, 'Bad Request', 'Failed to decode JSON object: the browser (or proxy) sent a request that this server could not understand.');
      }
      if (req.json !== undefined && req.json !== null) {
        if (typeof req.json !== 'object' || Array.isArray(req.json)) {
          return htmlPage(500, 'Internal Server Error', 'The server encountered an internal error and was unable to complete your request.');
        }
        data = { ...(req.json as Record<string, unknown>) };
      }
    }

    switch (endpoint) {
      case 'submit': {
        if (!hasArgs(data, ['contents']) || !data) return fail('incomplete');
        const auth = authenticate(data);
        if (auth.refused) return fail('auth');
        if (!auth.user && !config.anonymousPastes) return fail('anonymousDisabled');
        const attachments = Array.isArray(data.attachments) ? data.attachments : [];
        if (attachments.length > 0 && !config.attachmentsEnabled) return fail('attachmentsDisabled');
        const stored: StoredAttachment[] = [];
        for (const a of attachments) {
          const att = (typeof a === 'object' && a !== null ? a : {}) as Record<string, unknown>;
          const raw = typeof att.data === 'string' ? att.data : '';
          if (Math.floor((raw.length * 3) / 4) > config.maxAttachmentBytes) return fail('attachmentTooLarge');
          stored.push({
            name: String(att.name ?? 'attachment').replace(/\s+/g, '_'),
            size: typeof att.size === 'number' ? att.size : raw.length,
            mime_type: typeof att.mime_type === 'string' ? att.mime_type : 'application/octet-stream',
          });
        }
        let expiry: number | null = null;
        if (data.expiry_time !== undefined && data.expiry_time !== null) {
          const e = toInt(data.expiry_time);
          if (e === undefined) return fail('undefined');
          expiry = e;
        }
        const paste = insert({
          userId: auth.user?.id ?? null,
          contents: String(data.contents),
          expiryTime: expiry,
          title: typeof data.title === 'string' && data.title !== '' ? data.title : 'Untitled',
          language: typeof data.language === 'string' && data.language !== '' ? data.language : 'text',
          password: typeof data.password === 'string' && data.password !== '' ? data.password : null,
          attachments: stored,
        });
        return json(200, {
          ...asDict(paste),
          deactivation_token: paste.deactivationToken,
          attachments: stored.map((a) => ({ name: a.name, size: a.size, mime_type: a.mime_type })),
        });
      }
      case 'details': {
        if (!hasArgs(data, ['paste_id']) || !data) return fail('incomplete');
        const paste = lookup(data.paste_id);
        if (!paste) return fail('nonexistentPaste');
        const owner = userById(paste.userId);
        if (owner && !owner.active) return fail('nonexistentPaste');
        if (paste.password !== null && data.password !== paste.password) {
          return json(401, {
            success: false,
            message: 'Password-protected paste: either no password or wrong password supplied',
            failure: 'password_mismatch_failure',
            details: {},
          });
        }
        return json(200, { success: true, message: null, details: details(paste) });
      }
      case 'user': {
        const auth = authenticate(data);
        if (!auth.user) return fail('auth');
        const user = auth.user;
        const own = [...pastes.values()].filter((p) => p.userId === user.id && isLive(p));
        return json(200, { success: true, message: null, pastes: own.map(asDict) });
      }
      case 'deactivate': {
        if (!hasArgs(data, ['paste_id']) || !data) return fail('incomplete');
        const auth = authenticate(data);
        if (auth.refused) return fail('auth');
        const paste = lookup(data.paste_id);
        if (!paste) return fail('nonexistentPaste');
        if ((auth.user && auth.user.id === paste.userId) || data.deactivation_token === paste.deactivationToken) {
          paste.active = false;
          return json(200, { success: true, message: null, paste_id: repr(paste) });
        }
        return json(401, {
          success: false,
          message: auth.user ? 'User does not own requested paste' : 'Deactivation token is invalid',
          failure: 'auth_failure',
          paste_id: repr(paste),
        });
      }
      case 'set_password': {
        if (!hasArgs(data, ['paste_id', 'password'], true) || !data) return fail('incomplete');
        const auth = authenticate(data);
        if (!auth.user) return fail('auth');
        const paste = lookup(data.paste_id);
        if (!paste) return fail('nonexistentPaste');
        if (paste.userId !== auth.user.id) {
          return json(401, { success: false, message: 'User does not own the specified paste', failure: 'auth_failure', paste_id: repr(paste) });
        }
        paste.password = typeof data.password === 'string' && data.password !== '' ? data.password : null;
        return json(200, { success: true, message: null, paste_id: repr(paste) });
      }
      case 'recent': {
        if (!hasArgs(data, ['page_num', 'num_per_page']) || !data) return fail('incomplete');
        const list = [...pastes.values()].filter(isLive).sort((a, b) => b.postTime - a.postTime || b.id - a.id);
        return page(list, data);
      }
      case 'top': {
        if (!hasArgs(data, ['page_num', 'num_per_page']) || !data) return fail('incomplete');
        const list = [...pastes.values()].filter(isLive).sort((a, b) => b.views - a.views || b.id - a.id);
        return page(list, data);
      }
      default:
        return NOT_FOUND_PAGE();
    }
  }

  const server = await startServer('modernpaste', (req) => {
    if (Buffer.byteLength(req.body, 'utf8') > config.maxBodyBytes) {
      return {
        status: 413,
        headers: { 'Content-Type': 'text/html' },
        body: '<html>\r\n<head><title>413 Request Entity Too Large</title></head>\r\n<body>\r\n<center><h1>413 Request Entity Too Large</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n',
      };
    }
    const apiMatch = /^\/api\/paste\/([a-z_]+)$/.exec(req.path);
    if (apiMatch && ENDPOINTS.has(apiMatch[1]!)) {
      if (req.method !== 'POST') {
        return {
          ...htmlPage(405, 'Method Not Allowed', 'The method is not allowed for the requested URL.'),
          headers: { 'Content-Type': 'text/html; charset=utf-8', Allow: 'POST, OPTIONS' },
        };
      }
      return api(apiMatch[1]!, req);
    }
    const view = /^\/paste\/([^/]+)(\/raw)?$/.exec(req.path);
    if (view && req.method === 'GET') {
      let paste: StoredModernPaste | undefined;
      try {
        paste = find(decodeURIComponent(view[1]!));
      } catch {
        paste = undefined;
      }
      if (!paste) return NOT_FOUND_PAGE();
      if (paste.password !== null) return htmlPage(200, 'Password required', 'This paste is password-protected.');
      paste.views += 1;
      if (view[2]) return { status: 200, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: paste.contents };
      return {
        status: 200,
        headers: { 'Content-Type': 'text/html; charset=utf-8' },
        body: `<!DOCTYPE html><html><head><title>${paste.title ?? 'Untitled'} - Modern Paste</title></head><body><pre></pre></body></html>`,
      };
    }
    return NOT_FOUND_PAGE();
  });
  origin = server.origin;

  const toStringId = (p: StoredModernPaste) => String(repr(p));

  return Object.assign(server, {
    config,
    aliceKey: users[0]!.apiKey,
    bobKey: users[1]!.apiKey,
    validCredentials: { key: users[0]!.apiKey },
    seed(count: number, seedOptions?: { owned?: boolean }): string[] {
      const owned = seedOptions?.owned ?? true;
      const ids: string[] = [];
      for (let i = 0; i < count; i++) {
        const p = insert({
          userId: owned ? 1 : null,
          title: `seed-${nextId}.txt`,
          contents: `seeded paste ${nextId}\n`,
        });
        ids.push(toStringId(p));
      }
      return ids;
    },
    stored(id: string) {
      const p = find(id);
      return p ? { files: [{ name: p.title ?? 'Untitled', content: p.contents }] } : undefined;
    },
    touch(id: string, content: string): void {
      const p = find(id);
      if (p) p.contents = content;
    },
    record(id: string) {
      return find(id, false);
    },
    insert(fields: Partial<Omit<StoredModernPaste, 'id' | 'encId'>>): string {
      return toStringId(insert(fields));
    },
  }) satisfies ModernPasteServer;
}
