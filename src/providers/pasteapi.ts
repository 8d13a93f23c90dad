// IdefaSoft's Paste API: JSON over REST, the bare API key in `Authorization`.
//
// The documented host (https://idefasoft.fr/pastes/api) has since been replaced by
// a different API, so nothing here assumes it: the base URL is required and a
// missing one is an 'invalid' error at each call.
//
// A paste is one text with a `name` that is both its title and its file name
// (create sends the file's name; renaming the file or changing the title changes
// the same field). There is no language field: the language is read from the
// name's extension. `created_at` comes as "dd/mm/yyyy, HH:MM:SS" with no zone; it
// is read as UTC. The paste object carries only the expiration's label, so
// `expiresAt` is created_at plus that duration (an estimate if the server counts
// from somewhere else).
//
// Every endpoint wants the key ("To use the API, you need to authenticate"), so no
// call is sent without one. There is no "me" endpoint: own pastes and whoAmI
// read GET /accounts/@{username}, with the username from the credentials.
//
// Burn-after-read: GET /paste/@{id} of such a paste destroys it on the server.
// The provider never reads a paste unasked (update answers with the edit's own
// response, never a re-read); the Paste carries burnAfterRead so the UI can warn.
import { badResponse, httpError, kindForStatus, PasteError, unsupported } from '../core/errors';
import { parseRetryAfter, type HttpResponse, type Method } from '../core/http';
import { idOf, isObject, isoFromMillis, messageFrom, optCount, optString, providerHttp, trimUrl, type Json } from '../core/json';
import { languageForFileName } from '../core/languages';
import {
  EXPIRY_SECONDS,
  type CallOptions,
  type Capabilities,
  type CreateInput,
  type ExpiryId,
  type Page,
  type PageRequest,
  type Paste,
  type PastePatch,
  type PasteProvider,
  type ProviderOptions,
  type Visibility,
  type WhoAmI,
} from '../core/model';
import { clip } from '../core/redact';

const SERVICE = 'Paste API';

export const PASTEAPI_CAPABILITIES: Capabilities = {
  multiFile: false,
  // "To use the API, you need to authenticate yourself using your API key."
  createAnonymous: false,
  createWithKey: true,
  get: true,
  listOwn: true,
  // No endpoint lists other people's recent pastes.
  listRecent: false,
  updateContent: true,
  updateMetadata: true,
  addFile: false,
  // The one file's name is the paste's name, which PATCH /edit changes.
  renameFile: true,
  removeFile: false,
  deleteWithKey: true,
  deleteWithDeletionKey: false,
  visibilities: ['public', 'unlisted', 'private'],
  expiries: ['10m', '1h', '1d', '1w', '2w', '1mo', '6mo', '1y', 'never'],
  burnAfterRead: true,
  title: true,
  description: false,
  auth: 'apiKey',
};

/** ExpiryId → the service's expiration label, exactly as documented. */
export const EXPIRATION_LABELS: Readonly<Record<ExpiryId, string>> = {
  '10m': '10 minutes',
  '1h': '1 hour',
  '1d': '1 day',
  '1w': '1 week',
  '2w': '2 weeks',
  '1mo': '1 month',
  '6mo': '6 months',
  '1y': '1 year',
  never: 'Never',
};

const EXPIRY_BY_LABEL = new Map(Object.entries(EXPIRATION_LABELS).map(([id, label]) => [label.toLowerCase(), id as ExpiryId]));

const VISIBILITIES: readonly Visibility[] = ['public', 'unlisted', 'private'];

const NAME_MIN = 2;
const NAME_MAX = 100;

// ---- small validated readers -------------------------------------------------

/** "15/05/2024, 18:56:01" (dd/mm/yyyy, read as UTC) or an ISO 8601 string → ISO 8601; else undefined. */
export function parseCreatedAt(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4}),?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*$/.exec(value);
  if (m) {
    const [day, month, year, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [
      number, number, number, number, number, number,
    ];
    const ms = Date.UTC(year, month - 1, day, hour, minute, second);
    const d = new Date(ms);
    // Reject 31/02 and the like rather than rolling over into the next month.
    if (Number.isNaN(ms) || d.getUTCDate() !== day || d.getUTCMonth() !== month - 1 || hour > 23 || minute > 59 || second > 59) {
      return undefined;
    }
    return d.toISOString();
  }
  if (/^\d{4}-\d{2}-\d{2}T/.test(value)) return isoFromMillis(Date.parse(value));
  return undefined;
}

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).byteLength;
}

function nameLength(name: string): number {
  return [...name].length;
}

function checkName(name: string): void {
  const n = nameLength(name.trim());
  if (n < NAME_MIN || n > NAME_MAX) {
    throw new PasteError('invalid', `${SERVICE}: the name must be between ${NAME_MIN} and ${NAME_MAX} characters long (it is ${n}).`, {
      service: SERVICE,
    });
  }
}

function checkId(id: string): string {
  const clean = typeof id === 'string' ? id.trim() : '';
  if (!clean || /[\s/?#@]/.test(clean)) {
    throw new PasteError('invalid', `"${clip(String(id), 40)}" is not a ${SERVICE} paste id.`, { service: SERVICE });
  }
  return clean;
}

// ---- the provider ------------------------------------------------------------

export function createPasteApiProvider(options: ProviderOptions): PasteProvider {
  const http = providerHttp(SERVICE, options);
  const rawBase = trimUrl(options.baseUrl ?? '');
  const rawWeb = trimUrl(options.webUrl ?? '');

  /** The API base, checked at each call: there is no default to fall back on. */
  function base(): string {
    if (!rawBase) {
      throw new PasteError(
        'invalid',
        `${SERVICE} has no base URL set for this instance. Set the API base URL of your server (the documented idefasoft.fr address no longer serves this API).`,
        { service: SERVICE },
      );
    }
    let parsed: URL;
    try {
      parsed = new URL(rawBase);
    } catch {
      throw new PasteError('invalid', `The ${SERVICE} base URL is not a valid URL.`, { service: SERVICE });
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new PasteError('invalid', `The ${SERVICE} base URL must start with https:// (or http://).`, { service: SERVICE });
    }
    return rawBase;
  }

  async function requireKey(what: string): Promise<{ key: string; username?: string }> {
    const creds = (await options.getCredentials?.()) ?? {};
    if (!creds.key) {
      throw new PasteError('auth', `${SERVICE} needs your API key to ${what}. Set the API key for this instance.`, { service: SERVICE });
    }
    const username = creds.username?.trim() || undefined;
    return { key: creds.key, username };
  }

  async function requireAccount(what: string): Promise<{ key: string; username: string }> {
    const creds = await requireKey(what);
    if (!creds.username) {
      throw new PasteError(
        'auth',
        `${SERVICE} has no "me" endpoint: set your username together with the API key for this instance to ${what}.`,
        { service: SERVICE },
      );
    }
    return { key: creds.key, username: creds.username };
  }

  async function send(method: Method, path: string, key: string, call: CallOptions | undefined, json?: Json): Promise<HttpResponse> {
    return http.request({
      method,
      url: `${base()}${path}`,
      headers: { Authorization: key },
      credentialHeaders: ['Authorization'],
      secrets: [key],
      json,
      signal: call?.signal,
    });
  }

  /** The typed error for an answer with an error status or the {code, message} envelope. */
  function failure(res: HttpResponse, key: string, code?: number): PasteError {
    const message = messageFrom(res.json, ['message', 'error', 'detail'], [key]);
    const meaning = code ?? res.status;
    const retryAfter = meaning === 429 || meaning === 503 ? parseRetryAfter(res.headers.get('retry-after')) : undefined;
    return httpError(SERVICE, res.status, message, kindForStatus(meaning >= 400 ? meaning : 500), retryAfter);
  }

  /** The JSON object of a successful answer, or the typed error for anything else. */
  function answer(res: HttpResponse, key: string): Json {
    if (!res.ok) throw failure(res, key);
    if (!isObject(res.json)) {
      throw badResponse(SERVICE, res.status, res.text.trim() === '' ? 'the body is empty' : 'the body is not a JSON object');
    }
    const code = res.json.code;
    // A 200 that carries the error envelope instead of a paste or a user.
    if (typeof code === 'number' && code >= 400 && res.json.id === undefined && res.json.username === undefined) {
      throw failure(res, key, code);
    }
    return res.json;
  }

  function toPaste(raw: unknown, status: number, owner?: string): Paste {
    if (!isObject(raw)) throw badResponse(SERVICE, status, 'a paste is not a JSON object');
    const id = idOf(raw.id, 0);
    if (!id) throw badResponse(SERVICE, status, 'a paste has no usable id');
    const name = optString(raw, 'name')?.trim() ? optString(raw, 'name')! : undefined;
    const content = optString(raw, 'content');
    const createdAt = parseCreatedAt(raw.created_at);
    const label = optString(raw, 'expiration');
    const expiry = label ? EXPIRY_BY_LABEL.get(label.trim().toLowerCase()) : undefined;
    const seconds = expiry ? EXPIRY_SECONDS[expiry] : undefined;
    const exposure = optString(raw, 'exposure')?.toLowerCase();
    const burn = raw.burn_after_read;
    const fileName = (name ?? `paste-${id}.txt`).replace(/[/\\]/g, '_');
    return {
      service: 'pasteapi',
      id,
      title: name,
      visibility: VISIBILITIES.find((v) => v === exposure),
      createdAt,
      expiresAt: createdAt && seconds !== undefined ? new Date(Date.parse(createdAt) + seconds * 1000).toISOString() : undefined,
      burnAfterRead: typeof burn === 'boolean' ? burn : undefined,
      owner,
      views: optCount(raw, 'views'),
      url: rawWeb ? `${rawWeb}/${encodeURIComponent(id)}` : undefined,
      files: [
        {
          name: fileName,
          content,
          language: languageForFileName(fileName),
          size: content !== undefined ? utf8Length(content) : undefined,
        },
      ],
      complete: content !== undefined,
    };
  }

  const pastePath = (id: string) => `/paste/@${encodeURIComponent(id)}`;

  return {
    service: 'pasteapi',
    serviceName: SERVICE,
    capabilities: PASTEAPI_CAPABILITIES,
    baseUrl: rawBase,

    async create(input: CreateInput, call?: CallOptions): Promise<Paste> {
      base();
      if (input.anonymous) throw unsupported(SERVICE, 'create a paste without an account');
      if (input.files.length > 1) throw unsupported(SERVICE, 'hold more than one file in a paste');
      const file = input.files[0];
      if (!file) throw new PasteError('invalid', `A ${SERVICE} paste needs one file.`, { service: SERVICE });
      if (input.description) throw unsupported(SERVICE, 'store a description');
      // The name is the file name (it carries the language); the title is used only when there is no file name.
      const name = file.name?.trim() ? file.name : (input.title ?? '');
      checkName(name);
      if (typeof file.content !== 'string' || file.content.length === 0) {
        throw new PasteError('invalid', `${SERVICE} does not accept an empty paste.`, { service: SERVICE });
      }
      const { key, username } = await requireKey('create a paste');
      const body: Json = { name, content: file.content };
      if (input.expiry) body.expiration = EXPIRATION_LABELS[input.expiry];
      if (input.visibility) body.exposure = input.visibility;
      if (input.burnAfterRead !== undefined) body.burn_after_read = input.burnAfterRead;
      const res = await send('POST', '/create', key, call, body);
      return toPaste(answer(res, key), res.status, username);
    },

    async get(id: string, call?: CallOptions & { full?: boolean }): Promise<Paste> {
      base();
      const clean = checkId(id);
      const { key } = await requireKey('read a paste');
      const res = await send('GET', pastePath(clean), key, call);
      return toPaste(answer(res, key), res.status);
    },

    async listOwn(_page?: PageRequest, call?: CallOptions): Promise<Page<Paste>> {
      base();
      const { key, username } = await requireAccount('list your pastes');
      const res = await send('GET', `/accounts/@${encodeURIComponent(username)}`, key, call);
      const user = answer(res, key);
      if (!Array.isArray(user.pastes)) throw badResponse(SERVICE, res.status, 'the account has no list of pastes');
      const owner = optString(user, 'username') ?? username;
      // The account answers every paste at once: there is no paging.
      return { items: user.pastes.map((p) => toPaste(p, res.status, owner)) };
    },

    async listRecent(): Promise<Page<Paste>> {
      throw unsupported(SERVICE, 'list recent public pastes');
    },

    async update(id: string, patch: PastePatch, call?: CallOptions): Promise<Paste> {
      base();
      const clean = checkId(id);
      if (patch.description !== undefined) throw unsupported(SERVICE, 'store a description');
      const changes = patch.files ?? [];
      if (changes.some((c) => c.kind === 'add')) throw unsupported(SERVICE, 'add a second file to a paste');
      if (changes.some((c) => c.kind === 'remove')) throw unsupported(SERVICE, 'remove the only file of a paste');
      if (changes.length > 1) throw unsupported(SERVICE, 'change more than one file: a paste holds one');
      const change = changes[0]?.kind === 'update' ? changes[0] : undefined;

      const body: Json = { id: clean };
      if (patch.title === null) {
        throw new PasteError('invalid', `A ${SERVICE} paste always has a name; it cannot be removed.`, { service: SERVICE });
      }
      const newName = change?.name ?? patch.title;
      if (patch.title !== undefined && change?.name !== undefined && patch.title !== change.name) {
        throw new PasteError('invalid', `${SERVICE}: the title and the file name are the same field; give one new name.`, { service: SERVICE });
      }
      if (newName !== undefined) {
        checkName(newName);
        body.name = newName;
      }
      if (change?.content !== undefined) {
        if (change.content.length === 0) throw new PasteError('invalid', `${SERVICE} does not accept an empty paste.`, { service: SERVICE });
        body.content = change.content;
      }
      if (patch.expiry) body.expiration = EXPIRATION_LABELS[patch.expiry];
      if (patch.visibility) body.exposure = patch.visibility;
      if (patch.burnAfterRead !== undefined) body.burn_after_read = patch.burnAfterRead;

      const { key, username } = await requireKey('edit a paste');
      const res = await send('PATCH', `/edit/${encodeURIComponent(clean)}`, key, call, body);
      // The edit answers the paste as it now is; it is never read again (a GET could burn it).
      return toPaste(answer(res, key), res.status, username);
    },

    async delete(id: string, call?: CallOptions & { deletionKey?: string }): Promise<void> {
      if (call?.deletionKey !== undefined) throw unsupported(SERVICE, 'delete a paste with a deletion key (only with your API key)');
      base();
      const clean = checkId(id);
      const { key } = await requireKey('delete a paste');
      const res = await send('DELETE', `/delete/${encodeURIComponent(clean)}`, key, call);
      if (!res.ok) throw failure(res, key);
      // 204 No Content; a body that carries the error envelope still counts as a refusal.
      if (isObject(res.json) && typeof res.json.code === 'number' && res.json.code >= 400) throw failure(res, key, res.json.code);
    },

    async whoAmI(call?: CallOptions): Promise<WhoAmI> {
      base();
      const { key, username } = await requireAccount('check the account');
      const res = await send('GET', `/accounts/@${encodeURIComponent(username)}`, key, call);
      if (res.status === 404) {
        throw new PasteError('auth', `${SERVICE} has no account named "${clip(username, 60)}". Check the username set for this instance.`, {
          service: SERVICE,
          status: 404,
        });
      }
      const user = answer(res, key);
      return { user: optString(user, 'username') ?? username, keyType: 'API key' };
    },

    idFromUrl(url: string): string | undefined {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        return undefined;
      }
      const roots: [string, RegExp][] = [];
      if (rawBase) roots.push([rawBase, /^\/(?:paste\/@|edit\/|delete\/)([^/]+)\/?$/]);
      if (rawWeb) roots.push([rawWeb, /^\/@?([^/]+)\/?$/]);
      for (const [root, pattern] of roots) {
        let rootUrl: URL;
        try {
          rootUrl = new URL(root);
        } catch {
          continue;
        }
        if (rootUrl.origin !== parsed.origin) continue;
        const prefix = rootUrl.pathname.replace(/\/+$/, '');
        if (!parsed.pathname.startsWith(`${prefix}/`)) continue;
        const m = pattern.exec(parsed.pathname.slice(prefix.length));
        if (!m) continue;
        let id: string;
        try {
          id = decodeURIComponent(m[1]!);
        } catch {
          continue;
        }
        if (/^[A-Za-z0-9_-]{1,64}$/.test(id)) return id;
      }
      return undefined;
    },
  };
}
