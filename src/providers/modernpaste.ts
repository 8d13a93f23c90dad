// Modern Paste (LINKIWI/modern-paste, self-hosted Flask): every call is a JSON POST
// under /api/paste/…, the API key travels in the body as `api_key`.
//
// What the real server does beyond its docs (see the service facts):
// - errors are {"success": false, "message": …, "failure": NAME} (the docs say
//   `failure_name`; both are read), with 401/400/404/403/414/500 per failure;
// - `submit` answers the bare paste fields (plus `deactivation_token` and `url`)
//   with no `success` key; `details` wraps them in {"success": true, "details": {…}};
// - `paste_id_repr` is a JSON number unless the server encrypts ids (then a string);
// - a password-protected paste answers `details` 401 (`password_mismatch_failure`
//   upstream, `auth_failure` in the docs).
//
// A paste is one text with a title and a CodeMirror language name; there is no
// file name. To keep the name of the shared file, create sends the title as
// "Title (name.ext)" when a title is given that is not the file name itself, and
// reading splits it again. Ids are always strings here; an all-digit id goes back
// to the server as a JSON number (what it sent), any other id as a string.
import { badResponse, httpError, PasteError, unsupported, type PasteErrorKind } from '../core/errors';
import { parseRetryAfter, type HttpResponse } from '../core/http';
import { idOf, isObject, isoFromMillis, messageFrom, optCount, optString, providerHttp, trimUrl, type Json } from '../core/json';
import { extensionForLanguage, languageForFileName, languageMap } from '../core/languages';
import {
  EXPIRY_SECONDS,
  type CallOptions,
  type Capabilities,
  type CreateInput,
  type Credentials,
  type Page,
  type PageRequest,
  type Paste,
  type PastePatch,
  type PasteProvider,
  type ProviderOptions,
  type WhoAmI,
} from '../core/model';
import { clip } from '../core/redact';

const SERVICE = 'Modern Paste';

export const MODERNPASTE_CAPABILITIES: Capabilities = {
  multiFile: false,
  createAnonymous: true,
  createWithKey: true,
  get: true,
  listOwn: true,
  listRecent: true,
  // The API has no endpoint that changes a paste; deactivation is the only removal.
  updateContent: false,
  updateMetadata: false,
  addFile: false,
  renameFile: false,
  removeFile: false,
  deleteWithKey: true,
  deleteWithDeletionKey: true,
  // Every paste shows up in /recent and the archive: there is no unlisted or private paste.
  visibilities: [],
  // expiry_time is any Unix timestamp; no expiry when omitted.
  expiries: ['never', '10m', '1h', '1d', '1w', '2w', '1mo', '6mo', '1y'],
  burnAfterRead: false,
  title: true,
  description: false,
  auth: 'apiKey',
};

/**
 * VS Code language id ↔ CodeMirror mode (or MIME) name, as Modern Paste stores them.
 * The first name listed for an id is what PasteDeck sends; every name maps back.
 */
const LANGUAGES = languageMap([
  ['plaintext', 'text'],
  ['python', 'python'],
  ['python', 'text/x-python'],
  ['javascript', 'javascript'],
  ['javascript', 'text/javascript'],
  ['javascriptreact', 'jsx'],
  ['typescript', 'text/typescript'],
  ['typescript', 'typescript'],
  ['typescriptreact', 'text/typescript-jsx'],
  ['json', 'application/json'],
  ['json', 'json'],
  ['c', 'text/x-csrc'],
  ['cpp', 'text/x-c++src'],
  ['csharp', 'text/x-csharp'],
  ['java', 'text/x-java'],
  ['kotlin', 'text/x-kotlin'],
  ['scala', 'text/x-scala'],
  ['objective-c', 'text/x-objectivec'],
  ['c', 'clike'],
  ['go', 'go'],
  ['rust', 'rust'],
  ['ruby', 'ruby'],
  ['php', 'php'],
  ['perl', 'perl'],
  ['lua', 'lua'],
  ['shellscript', 'shell'],
  ['shellscript', 'text/x-sh'],
  ['powershell', 'powershell'],
  ['sql', 'sql'],
  ['sql', 'text/x-sql'],
  ['html', 'htmlmixed'],
  ['html', 'text/html'],
  ['xml', 'xml'],
  ['css', 'css'],
  ['scss', 'text/x-scss'],
  ['less', 'text/x-less'],
  ['markdown', 'markdown'],
  ['markdown', 'gfm'],
  ['yaml', 'yaml'],
  ['toml', 'toml'],
  ['properties', 'properties'],
  ['ini', 'properties'],
  ['dockerfile', 'dockerfile'],
  ['diff', 'diff'],
  ['swift', 'swift'],
  ['haskell', 'haskell'],
  ['r', 'r'],
  ['julia', 'julia'],
  ['clojure', 'clojure'],
  ['coffeescript', 'coffeescript'],
  ['erlang', 'erlang'],
  ['groovy', 'groovy'],
  ['dart', 'dart'],
  ['elm', 'elm'],
  ['fsharp', 'text/x-fsharp'],
  ['ocaml', 'text/x-ocaml'],
  ['vb', 'vb'],
  ['vue', 'vue'],
  ['latex', 'stex'],
  ['cmake', 'cmake'],
  ['nginx', 'nginx'],
  ['django-html', 'django'],
  ['jinja', 'jinja2'],
]);

/** The CodeMirror name Modern Paste stores for a VS Code id, or undefined (the server then says "text"). */
export function modernPasteLanguage(vscodeId: string | undefined): string | undefined {
  return LANGUAGES.toService(vscodeId);
}

// ---- small validated readers -------------------------------------------------

/** A Unix timestamp (number or numeric string) as ISO 8601, or undefined. */
function optTime(obj: Json, field: string): string | undefined {
  const v = obj[field];
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : NaN;
  if (!Number.isFinite(n) || n <= 0) return undefined;
  return isoFromMillis(n * 1000);
}

/** The id as the server wants it back: the number it sent for plain ids, else the string. */
function wireId(id: string): number | string {
  return /^[1-9]\d{0,14}$/.test(id) ? Number(id) : id;
}

const TITLE_WITH_FILE = /^(.*\S)\s+\(([^()/\\]+\.[A-Za-z0-9_+-]{1,12})\)$/;
const LOOKS_LIKE_FILE = /^[^/\\\s][^/\\]*\.[A-Za-z0-9_+-]{1,12}$/;

/** The title sent on create: the file name, or "Title (name.ext)" when both are given and differ. */
export function titleForCreate(title: string | undefined, fileName: string): string {
  const t = title?.trim() ?? '';
  const name = fileName.trim();
  if (!t || t === name) return name;
  if (!name) return t;
  return `${t} (${name})`;
}

/** Splits a stored title back into the paste title and a file name. */
export function splitTitle(
  title: string | undefined,
  id: string,
  languageId: string | undefined,
): { title: string | undefined; fileName: string } {
  const t = title?.trim() ?? '';
  const m = TITLE_WITH_FILE.exec(t);
  if (m) return { title: m[1], fileName: m[2]! };
  if (LOOKS_LIKE_FILE.test(t)) return { title: t, fileName: t };
  const base = t ? t.replace(/[/\\]/g, '_') : `paste-${id}`;
  return { title: t || undefined, fileName: `${base}.${extensionForLanguage(languageId)}` };
}

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).byteLength;
}

// ---- the provider ------------------------------------------------------------

export function createModernPasteProvider(options: ProviderOptions): PasteProvider {
  const http = providerHttp(SERVICE, options);
  const rawBase = trimUrl(options.baseUrl ?? '');
  const rawWeb = trimUrl(options.webUrl ?? '') || rawBase;

  /** The API base, checked at each call so a misconfigured instance fails with a clear error. */
  function base(): string {
    if (!rawBase) {
      throw new PasteError('invalid', `${SERVICE} is self-hosted: set the base URL of your server for this instance.`, {
        service: SERVICE,
      });
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

  async function credentials(): Promise<Credentials> {
    return (await options.getCredentials?.()) ?? {};
  }

  async function requireKey(what: string): Promise<string> {
    const key = (await credentials()).key;
    if (!key) {
      throw new PasteError('auth', `${SERVICE} needs the API key from your account page to ${what}. Set the API key for this instance.`, {
        service: SERVICE,
      });
    }
    return key;
  }

  async function post(
    endpoint: 'submit' | 'details' | 'user' | 'deactivate' | 'recent',
    body: Json,
    call: CallOptions | undefined,
    secrets: readonly (string | undefined)[],
  ): Promise<HttpResponse> {
    return http.request({
      method: 'POST',
      url: `${base()}/api/paste/${endpoint}`,
      json: body,
      signal: call?.signal,
      credentialsInBody: typeof body.api_key === 'string' || typeof body.deactivation_token === 'string',
      secrets,
      // details, user and recent only read: they may be retried like a GET.
      idempotent: endpoint === 'details' || endpoint === 'user' || endpoint === 'recent',
    });
  }

  /** The typed error for a refusal: the status, or `failure` in a 200, decides. */
  function failure(res: HttpResponse, secrets: readonly (string | undefined)[], context?: 'details'): PasteError {
    const body = isObject(res.json) ? res.json : undefined;
    const name = body ? (optString(body, 'failure') ?? optString(body, 'failure_name')) : undefined;
    const message = messageFrom(body, ['message'], secrets) ?? name;
    const status = res.status;
    const kind = kindForFailure(name) ?? (status >= 200 && status < 300 ? 'server' : undefined);
    // details reads no api_key, so an auth refusal there can only be the paste's password.
    if (context === 'details' && (name === 'password_mismatch_failure' || name === 'auth_failure')) {
      return new PasteError(
        'auth',
        `${SERVICE}: this paste is password-protected; PasteDeck cannot open password-protected pastes (HTTP ${status}).`,
        { service: SERVICE, status, serviceMessage: message },
      );
    }
    if (name === 'unauthenticated_pastes_disabled_failure') {
      return new PasteError('auth', `${SERVICE}: this server only accepts pastes from signed-in users. Set the API key for this instance (HTTP ${status}).`, {
        service: SERVICE,
        status,
        serviceMessage: message,
      });
    }
    const retryAfter = status === 429 || status === 503 ? parseRetryAfter(res.headers.get('retry-after')) : undefined;
    return httpError(SERVICE, status, message, kind, retryAfter);
  }

  /** The JSON object of a successful answer, or the typed error for anything else. */
  function answer(res: HttpResponse, secrets: readonly (string | undefined)[], context?: 'details'): Json {
    if (!res.ok) throw failure(res, secrets, context);
    if (!isObject(res.json)) {
      throw badResponse(SERVICE, res.status, res.text.trim() === '' ? 'the body is empty' : 'the body is not a JSON object');
    }
    if (res.json.success === false) throw failure(res, secrets, context);
    return res.json;
  }

  function toPaste(raw: unknown, status: number): Paste {
    if (!isObject(raw)) throw badResponse(SERVICE, status, 'a paste is not a JSON object');
    // paste_id_repr: a positive integer or a non-empty string; anything else is no id.
    const id = idOf(raw.paste_id_repr, 1);
    if (!id) throw badResponse(SERVICE, status, 'a paste has no usable paste_id_repr');
    const serviceLanguage = optString(raw, 'language');
    const contents = optString(raw, 'contents');
    const fromService = LANGUAGES.fromService(serviceLanguage);
    const split = splitTitle(optString(raw, 'title'), id, fromService);
    const language = fromService ?? languageForFileName(split.fileName);
    const poster = optString(raw, 'poster_username');
    const web = rawWeb || rawBase;
    const pageUrl = optString(raw, 'url');
    return {
      service: 'modernpaste',
      id,
      title: split.title,
      expiresAt: optTime(raw, 'expiry_time'),
      createdAt: optTime(raw, 'post_time'),
      owner: poster && poster !== 'Anonymous' ? poster : undefined,
      views: optCount(raw, 'views'),
      url: pageUrl && /^https?:\/\//i.test(pageUrl) ? pageUrl : `${web}/paste/${encodeURIComponent(id)}`,
      files: [
        {
          name: split.fileName,
          content: contents,
          language,
          serviceLanguage,
          size: contents !== undefined ? utf8Length(contents) : undefined,
          rawUrl: `${web}/paste/${encodeURIComponent(id)}/raw`,
        },
      ],
      complete: contents !== undefined,
      deletionKey: optString(raw, 'deactivation_token') || undefined,
    };
  }

  async function getPaste(id: string, call?: CallOptions): Promise<Paste> {
    base();
    const clean = checkId(id);
    // details does not read api_key: the key is not sent where it is not needed.
    const res = await post('details', { paste_id: wireId(clean) }, call, []);
    const json = answer(res, [], 'details');
    if (!isObject(json.details)) throw badResponse(SERVICE, res.status, 'details is not a JSON object');
    return toPaste(json.details, res.status);
  }

  function pastesOf(body: Json, status: number): Paste[] {
    const list = body.pastes;
    if (!Array.isArray(list)) throw badResponse(SERVICE, status, 'pastes is not a list');
    return list.map((p) => toPaste(p, status));
  }

  return {
    service: 'modernpaste',
    serviceName: SERVICE,
    capabilities: MODERNPASTE_CAPABILITIES,
    baseUrl: rawBase,

    async create(input: CreateInput, call?: CallOptions): Promise<Paste> {
      base();
      if (input.files.length > 1) throw unsupported(SERVICE, 'hold more than one file in a paste');
      const file = input.files[0];
      if (!file) throw new PasteError('invalid', `A ${SERVICE} paste needs one file.`, { service: SERVICE });
      if (input.description) throw unsupported(SERVICE, 'store a description');
      if (input.burnAfterRead) throw unsupported(SERVICE, 'delete a paste after it is read');
      if (input.visibility && input.visibility !== 'public') {
        throw unsupported(SERVICE, `make a paste ${input.visibility}: every paste is listed publicly`);
      }
      if (typeof file.content !== 'string' || file.content.length === 0) {
        throw new PasteError('invalid', `${SERVICE} does not accept an empty paste.`, { service: SERVICE });
      }
      const body: Json = { contents: file.content };
      const title = titleForCreate(input.title, file.name ?? '');
      if (title) body.title = title;
      const language = LANGUAGES.toService(file.language ?? languageForFileName(file.name ?? ''));
      if (language) body.language = language;
      if (input.expiry && input.expiry !== 'never') {
        const seconds = EXPIRY_SECONDS[input.expiry];
        if (seconds === undefined) throw unsupported(SERVICE, `expire a paste after "${input.expiry}"`);
        body.expiry_time = Math.floor(Date.now() / 1000) + seconds;
      }
      const key = input.anonymous ? undefined : (await credentials()).key;
      if (key) body.api_key = key;
      const res = await post('submit', body, call, [key]);
      const json = answer(res, [key]);
      return toPaste(json, res.status);
    },

    // details always carries the contents, so `full` changes nothing.
    get: (id: string, call?: CallOptions & { full?: boolean }) => getPaste(id, call),

    async listOwn(_page?: PageRequest, call?: CallOptions): Promise<Page<Paste>> {
      base();
      const key = await requireKey('list your pastes');
      const res = await post('user', { api_key: key }, call, [key]);
      // /api/paste/user has no paging: it answers every active paste at once.
      return { items: pastesOf(answer(res, [key]), res.status) };
    },

    async listRecent(page?: PageRequest, call?: CallOptions): Promise<Page<Paste>> {
      base();
      const { pageNum, perPage } = readCursor(page);
      const res = await post('recent', { page_num: pageNum, num_per_page: perPage }, call, []);
      const items = pastesOf(answer(res, []), res.status);
      // No totals: a full page means there may be more; past the end the list is empty.
      return items.length >= perPage ? { items, next: `${pageNum + 1}:${perPage}` } : { items };
    },

    async update(_id: string, _patch: PastePatch): Promise<Paste> {
      throw unsupported(SERVICE, 'change a paste after it is posted (it can only be deactivated)');
    },

    async delete(id: string, call?: CallOptions & { deletionKey?: string }): Promise<void> {
      base();
      const clean = checkId(id);
      const token = call?.deletionKey?.trim();
      let body: Json;
      let secret: string;
      if (token) {
        // The deactivation token alone is enough; the account key stays home.
        body = { paste_id: wireId(clean), deactivation_token: token };
        secret = token;
      } else {
        secret = await requireKey("deactivate a paste without its deactivation token");
        body = { paste_id: wireId(clean), api_key: secret };
      }
      const res = await post('deactivate', body, call, [secret]);
      const json = answer(res, [secret]);
      if (json.success !== true) throw badResponse(SERVICE, res.status, 'the answer does not confirm the deactivation');
    },

    async whoAmI(call?: CallOptions): Promise<WhoAmI> {
      base();
      const key = await requireKey('check your account');
      const res = await post('user', { api_key: key }, call, [key]);
      const pastes = pastesOf(answer(res, [key]), res.status);
      // There is no "me" endpoint: the account name shows only as the poster of one
      // of its pastes, so ask for the details of the first one, if there is one.
      let user = pastes.find((p) => p.owner)?.owner;
      const first = pastes[0];
      if (!user && first) {
        try {
          const details = await getPaste(first.id, call);
          user = details.owner;
        } catch (err) {
          if (err instanceof PasteError && err.kind === 'cancelled') throw err;
          // The key is valid either way; the name is a nicety.
        }
      }
      return { user, keyType: 'API key' };
    },

    idFromUrl(url: string): string | undefined {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        return undefined;
      }
      for (const root of new Set([rawWeb, rawBase].filter(Boolean))) {
        let rootUrl: URL;
        try {
          rootUrl = new URL(root);
        } catch {
          continue;
        }
        if (rootUrl.origin !== parsed.origin) continue;
        const prefix = rootUrl.pathname.replace(/\/+$/, '');
        if (!parsed.pathname.startsWith(`${prefix}/`)) continue;
        const rest = parsed.pathname.slice(prefix.length);
        const m = /^\/paste\/([^/]+)(?:\/(?:raw|deactivate\/[^/]+))?\/?$/.exec(rest);
        if (!m || m[1] === 'new') continue;
        let id: string;
        try {
          id = decodeURIComponent(m[1]!);
        } catch {
          continue;
        }
        if (/^[A-Za-z0-9~_=-]+$/.test(id)) return id;
      }
      return undefined;
    },
  };
}

function kindForFailure(name: string | undefined): PasteErrorKind | undefined {
  switch (name) {
    case 'auth_failure':
    case 'password_mismatch_failure':
    case 'unauthenticated_pastes_disabled_failure':
      return 'auth';
    case 'incomplete_params_failure':
    case 'paste_attachments_disabled_failure':
    case 'user_registration_disabled_failure':
      return 'invalid';
    case 'nonexistent_paste_failure':
    case 'nonexistent_user_failure':
      return 'notFound';
    case 'paste_attachment_too_large_failure':
      return 'tooLarge';
    case 'undefined_failure':
      return 'server';
    default:
      return undefined;
  }
}

function checkId(id: string): string {
  const clean = typeof id === 'string' ? id.trim() : '';
  if (!clean || /[\s/?#]/.test(clean)) {
    throw new PasteError('invalid', `"${clip(String(id), 40)}" is not a ${SERVICE} paste id.`, { service: SERVICE });
  }
  return clean;
}

const DEFAULT_PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 100;

/** The cursor is "page:perPage" (the page size is kept so pages never overlap). */
function readCursor(page: PageRequest | undefined): { pageNum: number; perPage: number } {
  const wanted = page?.limit !== undefined && Number.isFinite(page.limit) ? Math.floor(page.limit) : DEFAULT_PAGE_SIZE;
  const fallbackSize = Math.min(MAX_PAGE_SIZE, Math.max(1, wanted));
  if (page?.cursor === undefined || page.cursor === '') return { pageNum: 0, perPage: fallbackSize };
  const m = /^(\d{1,9})(?::(\d{1,4}))?$/.exec(page.cursor);
  if (!m) throw new PasteError('invalid', `${SERVICE}: that page cursor is not one PasteDeck made.`, { service: SERVICE });
  const perPage = m[2] ? Math.min(MAX_PAGE_SIZE, Math.max(1, Number(m[2]))) : fallbackSize;
  return { pageNum: Number(m[1]), perPage };
}
