// paste.ee API v1 (https://api.paste.ee/v1). Every request needs a key, sent in
// X-Auth-Token: an Application key creates pastes that belong to no account, a
// UserApplication key attaches them to the user's account and is the only kind
// that may list them. A paste holds one or more sections (our files); there is no
// way to edit a paste, only to delete it. Syntaxes come from GET /v1/syntaxes.
import { PasteError, badResponse, httpError, kindForStatus, unsupported } from '../core/errors';
import { parseRetryAfter, type HttpClient, type HttpResponse, type Method } from '../core/http';
import { isObject, isoFromMillis, type Json, optString, parseUrl, providerHttp, trimUrl } from '../core/json';
import { languageForFileName, languageMap } from '../core/languages';
import { EXPIRY_SECONDS } from '../core/model';
import type {
  CallOptions,
  Capabilities,
  CreateInput,
  ExpiryId,
  Page,
  PageRequest,
  Paste,
  PasteFile,
  PastePatch,
  PasteProvider,
  ProviderOptions,
  WhoAmI,
} from '../core/model';
import { clip, redact } from '../core/redact';

const SERVICE = 'paste.ee';
const AUTH_HEADER = 'X-Auth-Token';
const DEFAULT_PER_PAGE = 25;
const MAX_PER_PAGE = 100;
/** The syntax paste.ee guesses from the contents. */
const AUTODETECT = 'autodetect';

export const PASTEEE_CAPABILITIES: Capabilities = Object.freeze({
  multiFile: true,
  // Every paste.ee request needs a key; "anonymous" pastes are made with an Application key.
  createAnonymous: false,
  createWithKey: true,
  get: true,
  listOwn: true,
  listRecent: false,
  updateContent: false,
  updateMetadata: false,
  addFile: false,
  renameFile: false,
  removeFile: false,
  deleteWithKey: true,
  deleteWithDeletionKey: false,
  visibilities: Object.freeze([]) as readonly [],
  expiries: Object.freeze(['never', '10m', '1h', '1d', '1w', '2w', '1mo', '6mo', '1y'] as const),
  burnAfterRead: false,
  title: false,
  description: true,
  auth: 'apiKey',
});

/**
 * What `expiration` carries for each choice. paste.ee takes seconds or one
 * suffixed unit (d, w, m = months, y); "10m" would mean ten months, so the
 * sub-day choices go as seconds.
 */
const EXPIRATION: Record<ExpiryId, string> = {
  never: 'never',
  '10m': '600',
  '1h': '3600',
  '1d': '1d',
  '1w': '1w',
  '2w': '2w',
  '1mo': '1m',
  '6mo': '6m',
  '1y': '1y',
};

/** VS Code id → paste.ee syntax `short`, the preferred name first for each id. */
const PRIMARY: readonly (readonly [string, string])[] = [
  ['plaintext', 'text'], ['shellscript', 'bash'], ['javascript', 'javascript'], ['typescript', 'typescript'],
  ['python', 'python'], ['ruby', 'ruby'], ['php', 'php'], ['java', 'java'], ['c', 'c'], ['cpp', 'cpp'],
  ['csharp', 'csharp'], ['go', 'go'], ['rust', 'rust'], ['kotlin', 'kotlin'], ['swift', 'swift'], ['scala', 'scala'],
  ['perl', 'perl'], ['lua', 'lua'], ['r', 'r'], ['dart', 'dart'], ['haskell', 'haskell'], ['elixir', 'elixir'],
  ['erlang', 'erlang'], ['clojure', 'clojure'], ['fsharp', 'fsharp'], ['groovy', 'groovy'],
  ['objective-c', 'objectivec'], ['html', 'html'], ['xml', 'xml'], ['css', 'css'], ['scss', 'scss'], ['less', 'less'],
  ['json', 'json'], ['yaml', 'yaml'], ['toml', 'toml'], ['ini', 'ini'], ['markdown', 'markdown'], ['sql', 'sql'],
  ['diff', 'diff'], ['dockerfile', 'dockerfile'], ['makefile', 'makefile'], ['powershell', 'powershell'],
  ['bat', 'dos'], ['latex', 'latex'], ['vb', 'vbnet'], ['coffeescript', 'coffeescript'], ['graphql', 'graphql'],
  ['julia', 'julia'], ['ocaml', 'ocaml'], ['elm', 'elm'], ['verilog', 'verilog'], ['vhdl', 'vhdl'], ['asm', 'x86asm'],
  ['cmake', 'cmake'], ['terraform', 'hcl'], ['proto3', 'protobuf'], ['nix', 'nix'], ['zig', 'zig'], ['nim', 'nim'],
  ['properties', 'properties'], ['vue', 'vue'], ['javascriptreact', 'jsx'], ['typescriptreact', 'tsx'],
];
/** Other names a syntax list may use, tried in order after the preferred one. */
const ALTERNATES: readonly (readonly [string, string])[] = [
  ['plaintext', 'plain'], ['plaintext', 'plaintext'], ['plaintext', 'txt'], ['shellscript', 'shell'], ['shellscript', 'sh'],
  ['javascript', 'js'], ['typescript', 'ts'], ['python', 'py'], ['ruby', 'rb'], ['cpp', 'c++'], ['csharp', 'cs'],
  ['go', 'golang'], ['rust', 'rs'], ['objective-c', 'objective-c'], ['objective-c', 'objc'], ['markdown', 'md'],
  ['diff', 'patch'], ['dockerfile', 'docker'], ['makefile', 'make'], ['powershell', 'ps'], ['bat', 'batch'],
  ['bat', 'bat'], ['latex', 'tex'], ['vb', 'vb'], ['coffeescript', 'coffee'], ['asm', 'nasm'], ['asm', 'asm'],
  ['terraform', 'terraform'], ['proto3', 'proto'], ['yaml', 'yml'], ['javascriptreact', 'javascript'],
  ['typescriptreact', 'typescript'], ['jsonc', 'json'], ['jsonc', 'javascript'], ['json', 'javascript'], ['toml', 'ini'],
  ['properties', 'ini'], ['dotenv', 'bash'], ['log', 'text'],
];
const LANGUAGES = languageMap([...PRIMARY, ...ALTERNATES]);

/** The syntax names to try for a VS Code id, best first. */
function syntaxCandidates(vscodeId: string): string[] {
  const names = [...PRIMARY, ...ALTERNATES].filter(([id]) => id === vscodeId).map(([, name]) => name);
  return names.length > 0 ? names : [vscodeId.toLowerCase()];
}

/** `obj[field]` as a finite JSON number or a string of digits, else undefined. */
function optNumber(obj: Json, field: string): number | undefined {
  const value = obj[field];
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value.trim())) return Number(value);
  return undefined;
}

/** An id given as a non-empty string or a finite number, as a string. */
function idString(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** paste.ee dates ("2015-11-10 22:15:41", UTC) or unix seconds, as ISO 8601. */
export function pasteEeDate(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) {
    return isoFromMillis(value > 1e12 ? value : value * 1000);
  }
  if (typeof value !== 'string') return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(value.trim());
  if (!m) return undefined;
  const zone = m[3] ? (m[3].toUpperCase() === 'Z' ? 'Z' : m[3].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')) : 'Z';
  return isoFromMillis(Date.parse(`${m[1]}T${m[2]}${zone}`));
}

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).byteLength;
}

/** The service's own message from whatever error shape came back, redacted and clipped. */
function serviceMessage(res: HttpResponse, secrets: readonly (string | undefined)[]): string | undefined {
  const parts: string[] = [];
  const json = res.json;
  const take = (v: unknown, field?: string) => {
    if (typeof v === 'string' && v.trim()) parts.push(field ? `${field}: ${v.trim()}` : v.trim());
  };
  if (isObject(json)) {
    const errors = json.errors;
    if (Array.isArray(errors)) {
      for (const e of errors) {
        if (typeof e === 'string') take(e);
        else if (isObject(e)) take(e.message ?? e.error, optString(e, 'field'));
      }
    } else if (isObject(errors)) {
      for (const [field, v] of Object.entries(errors)) {
        if (Array.isArray(v)) v.forEach((x) => take(x, field));
        else take(v, field);
      }
    } else {
      take(errors);
    }
    if (parts.length === 0) take(json.message);
    if (parts.length === 0) {
      if (isObject(json.error)) take(json.error.message);
      else take(json.error);
    }
  } else if (json === undefined) {
    const text = res.text.trim();
    // A short plain-text answer is the service talking; an HTML page is not.
    if (text && text.length <= 200 && !text.startsWith('<') && !/<\/?[a-z][^>]*>/i.test(text)) parts.push(text);
  }
  if (parts.length === 0) return undefined;
  return clip(redact(parts.join('; '), secrets), 300);
}

interface Cursor {
  page: number;
  perPage: number;
}

function parseCursor(cursor: string): Cursor | undefined {
  const m = /^(\d{1,9}):(\d{1,4})$/.exec(cursor);
  if (!m) return undefined;
  const page = Number(m[1]);
  const perPage = Number(m[2]);
  return page >= 1 && perPage >= 1 && perPage <= MAX_PER_PAGE ? { page, perPage } : undefined;
}

function addExpiry(now: Date, expiry: ExpiryId): string | undefined {
  const d = new Date(now.getTime());
  switch (expiry) {
    case 'never':
      return undefined;
    case '1mo':
      d.setUTCMonth(d.getUTCMonth() + 1);
      break;
    case '6mo':
      d.setUTCMonth(d.getUTCMonth() + 6);
      break;
    case '1y':
      d.setUTCFullYear(d.getUTCFullYear() + 1);
      break;
    default:
      d.setTime(d.getTime() + (EXPIRY_SECONDS[expiry] ?? 0) * 1000);
  }
  return d.toISOString();
}

function noKey(what: string): PasteError {
  return new PasteError(
    'auth',
    `paste.ee needs an API key to ${what}. Set an Application key (pastes that belong to no account) or a UserApplication key (pastes in your account; needed to list them).`,
    { service: SERVICE },
  );
}

function noUserKey(): PasteError {
  return new PasteError(
    'auth',
    'paste.ee lists your pastes only with a UserApplication key (one tied to your paste.ee account); no key is configured.',
    { service: SERVICE },
  );
}

type Operation = 'create' | 'get' | 'list' | 'delete' | 'whoami' | 'syntaxes';

export function createPasteEeProvider(options: ProviderOptions): PasteProvider {
  return new PasteEeProvider(options);
}

class PasteEeProvider implements PasteProvider {
  readonly service = 'pasteee' as const;
  readonly serviceName = SERVICE;
  readonly capabilities = PASTEEE_CAPABILITIES;
  readonly baseUrl: string;
  private readonly apiBase: string;
  private readonly webBase: string;
  private readonly http: HttpClient;
  private syntaxes: Promise<ReadonlySet<string>> | undefined;

  constructor(private readonly options: ProviderOptions) {
    const trimmed = trimUrl(options.baseUrl);
    let parsed: URL;
    try {
      parsed = new URL(trimmed);
    } catch {
      throw new PasteError('invalid', `paste.ee base URL is not a valid URL: ${clip(trimmed, 100)}`, { service: SERVICE });
    }
    this.baseUrl = trimmed;
    this.apiBase = /\/v1$/i.test(parsed.pathname) ? trimmed : `${trimmed}/v1`;
    const web = trimUrl(options.webUrl ?? '');
    this.webBase = web || (parsed.hostname.toLowerCase() === 'api.paste.ee' ? 'https://paste.ee' : parsed.origin);
    this.http = providerHttp(SERVICE, options);
  }

  // ---- calls ----

  async create(input: CreateInput, options: CallOptions = {}): Promise<Paste> {
    if (input.anonymous) {
      throw unsupported(SERVICE, 'create a paste without an API key (an Application key makes pastes that belong to no account)');
    }
    if (input.visibility !== undefined) throw unsupported(SERVICE, `set a paste's visibility (paste.ee pastes are reachable by link only)`);
    if (input.burnAfterRead) throw unsupported(SERVICE, 'delete a paste after it is read');
    if (input.expiry !== undefined && !(input.expiry in EXPIRATION)) {
      throw new PasteError('invalid', `paste.ee does not offer the expiry "${clip(String(input.expiry), 40)}".`, { service: SERVICE });
    }
    const files = Array.isArray(input.files) ? input.files : [];
    if (files.length === 0) throw new PasteError('invalid', 'A paste.ee paste needs at least one file.', { service: SERVICE });
    for (const file of files) {
      if (typeof file?.content !== 'string' || file.content === '') {
        throw new PasteError('invalid', 'paste.ee does not accept an empty file.', { service: SERVICE });
      }
    }
    const key = await this.key('create a paste');

    const languages = files.map((f) => f.language || (typeof f.name === 'string' ? languageForFileName(f.name) : undefined));
    const syntaxes = languages.some((l) => l !== undefined) ? await this.syntaxesOrNone(key, options.signal) : undefined;
    const sections = files.map((file, i) => {
      const section: Json = { syntax: pickSyntax(languages[i], syntaxes), contents: file.content };
      if (typeof file.name === 'string' && file.name.trim() !== '') section.name = file.name;
      return section;
    });
    const description = [input.title, input.description].filter((s): s is string => typeof s === 'string' && s.trim() !== '').join(' — ');
    const body: Json = { expiration: EXPIRATION[input.expiry ?? 'never'] };
    if (description) body.description = description;
    body.sections = sections;

    const res = await this.send('POST', '/pastes', key, { json: body, signal: options.signal });
    const json = this.successBody(res, key, 'create');
    const id = idString(json.id);
    if (!id) throw badResponse(SERVICE, res.status, 'the created paste has no id');
    const now = new Date();
    const link = optString(json, 'link');
    return {
      service: 'pasteee',
      id,
      description: description || undefined,
      expiresAt: addExpiry(now, input.expiry ?? 'never'),
      createdAt: now.toISOString(),
      url: link && /^https?:\/\//i.test(link) ? link : this.webUrl(id),
      files: files.map((file, i) => {
        const syntax = sections[i]!.syntax as string;
        return {
          name: typeof sections[i]!.name === 'string' ? (sections[i]!.name as string) : sectionName(i, files.length),
          content: file.content,
          language: languages[i] ?? LANGUAGES.fromService(syntax),
          serviceLanguage: syntax,
          size: utf8Length(file.content),
          rawUrl: this.rawUrl(id, i),
        };
      }),
      complete: true,
    };
  }

  async get(id: string, options: CallOptions & { full?: boolean } = {}): Promise<Paste> {
    const pasteId = checkId(id);
    const key = await this.key('read a paste');
    const res = await this.send('GET', `/pastes/${encodeURIComponent(pasteId)}`, key, { signal: options.signal });
    const json = this.successBody(res, key, 'get');
    if (!isObject(json.paste)) throw badResponse(SERVICE, res.status, 'the answer holds no paste');
    if (json.paste.encrypted === true || json.paste.encrypted === 1) {
      throw unsupported(SERVICE, `open the encrypted paste ${clip(pasteId, 40)} here; open it in the browser, which holds the decryption key`);
    }
    return this.toPaste(json.paste, res.status, true);
  }

  async listOwn(page: PageRequest = {}, options: CallOptions = {}): Promise<Page<Paste>> {
    const key = await this.credentialKey();
    if (!key) throw noUserKey();
    let cursor: Cursor;
    if (page.cursor !== undefined) {
      const parsed = parseCursor(page.cursor);
      if (!parsed) throw new PasteError('invalid', 'The paste.ee page cursor is not one PasteDeck made.', { service: SERVICE });
      cursor = parsed;
    } else {
      const limit = typeof page.limit === 'number' && Number.isFinite(page.limit) ? Math.floor(page.limit) : DEFAULT_PER_PAGE;
      cursor = { page: 1, perPage: Math.min(MAX_PER_PAGE, Math.max(1, limit)) };
    }
    const query = new URLSearchParams({ perpage: String(cursor.perPage), page: String(cursor.page) });
    const res = await this.send('GET', `/pastes?${query.toString()}`, key, { signal: options.signal });
    const json = this.successBody(res, key, 'list');
    if (!Array.isArray(json.data)) throw badResponse(SERVICE, res.status, 'the list holds no data array');
    const items = json.data.map((item) => this.toPaste(item, res.status, false));
    const current = optNumber(json, 'current_page') ?? cursor.page;
    const last = optNumber(json, 'last_page');
    const hasMore =
      items.length > 0 && (last !== undefined ? current < last : typeof json.next_page_url === 'string' && json.next_page_url !== '');
    return hasMore ? { items, next: `${current + 1}:${cursor.perPage}` } : { items };
  }

  listRecent(): Promise<Page<Paste>> {
    return Promise.reject(unsupported(SERVICE, 'list recent public pastes'));
  }

  update(_id: string, _patch: PastePatch): Promise<Paste> {
    return Promise.reject(unsupported(SERVICE, 'edit a paste (delete it and create a new one instead)'));
  }

  async delete(id: string, options: CallOptions & { deletionKey?: string } = {}): Promise<void> {
    if (options.deletionKey !== undefined) throw unsupported(SERVICE, 'delete with a deletion key; it deletes with the API key that owns the paste');
    const pasteId = checkId(id);
    const key = await this.key('delete a paste');
    const res = await this.send('DELETE', `/pastes/${encodeURIComponent(pasteId)}`, key, { signal: options.signal });
    if (res.ok && res.text.trim() === '') return;
    this.successBody(res, key, 'delete');
  }

  async whoAmI(options: CallOptions = {}): Promise<WhoAmI> {
    const key = await this.key('check the key');
    const res = await this.send('GET', '/users/info', key, { signal: options.signal });
    const json = this.successBody(res, key, 'whoami');
    const type = optString(json, 'type');
    if (!type) throw badResponse(SERVICE, res.status, 'the key information has no type');
    const user = optString(json, 'username') ?? optString(json, 'name');
    return user ? { keyType: type, user } : { keyType: type };
  }

  idFromUrl(url: string): string | undefined {
    const parsed = parseUrl(url.trim());
    if (!parsed) return undefined;
    const web = parseUrl(this.webBase);
    const api = parseUrl(this.apiBase);
    const webHosts = new Set([web?.host.toLowerCase()]);
    if (web?.hostname.toLowerCase() === 'paste.ee') webHosts.add('www.paste.ee');
    const host = parsed.host.toLowerCase();
    const idPattern = '([A-Za-z0-9]+)';
    if (webHosts.has(host)) {
      const prefix = (web?.pathname ?? '').replace(/\/+$/, '');
      const m = new RegExp(`^${escapeRegExp(prefix)}/[prd]/${idPattern}(?:/.*)?$`).exec(parsed.pathname);
      if (m) return m[1];
    }
    if (api && host === api.host.toLowerCase()) {
      const prefix = api.pathname.replace(/\/+$/, '');
      const m = new RegExp(`^${escapeRegExp(prefix)}/pastes/${idPattern}/?$`).exec(parsed.pathname);
      if (m && m[1] !== 'file') return m[1];
    }
    return undefined;
  }

  // ---- plumbing ----

  private async credentialKey(): Promise<string | undefined> {
    const credentials = await this.options.getCredentials?.();
    const key = credentials?.key?.trim();
    return key ? key : undefined;
  }

  private async key(what: string): Promise<string> {
    const key = await this.credentialKey();
    if (!key) throw noKey(what);
    return key;
  }

  private send(method: Method, path: string, key: string, extra: { json?: unknown; signal?: AbortSignal }): Promise<HttpResponse> {
    return this.http.request({
      method,
      url: `${this.apiBase}${path}`,
      headers: { [AUTH_HEADER]: key },
      json: extra.json,
      signal: extra.signal,
      credentialHeaders: [AUTH_HEADER],
      secrets: [key],
    });
  }

  /** The JSON object of a successful answer, or the PasteError the answer stands for. */
  private successBody(res: HttpResponse, key: string, op: Operation): Json {
    if (!res.ok) throw this.failure(res, key, op);
    if (res.json === undefined) {
      throw badResponse(SERVICE, res.status, res.text.trim() === '' ? 'the body is empty' : 'the body is not JSON');
    }
    if (!isObject(res.json)) throw badResponse(SERVICE, res.status, 'the body is not a JSON object');
    if (res.json.success === false || res.json.success === 0 || res.json.success === 'false') {
      const message = serviceMessage(res, [key]);
      return fail(
        new PasteError('server', `paste.ee reported a failure (HTTP ${res.status})${message ? `: ${message}` : ''}`, {
          service: SERVICE,
          status: res.status,
          serviceMessage: message,
        }),
      );
    }
    return res.json;
  }

  private failure(res: HttpResponse, key: string, op: Operation): PasteError {
    const message = serviceMessage(res, [key]);
    const suffix = message ? `: ${message}` : '';
    if (res.status === 403) {
      const text =
        op === 'list'
          ? 'paste.ee lists your pastes only with a UserApplication key (one tied to your paste.ee account); the configured key was refused'
          : 'paste.ee refused this: it needs a UserApplication key (tied to your paste.ee account) that owns the paste';
      return new PasteError('auth', `${text} (HTTP 403)${suffix}`, { service: SERVICE, status: 403, serviceMessage: message });
    }
    if (res.status === 401) {
      return new PasteError('auth', `paste.ee refused the API key: it is wrong or revoked (HTTP 401)${suffix}`, {
        service: SERVICE,
        status: 401,
        serviceMessage: message,
      });
    }
    const retryAfter = res.status === 429 || res.status === 503 ? parseRetryAfter(res.headers.get('retry-after')) : undefined;
    return httpError(SERVICE, res.status, message, kindForStatus(res.status), retryAfter);
  }

  /** The syntax names the service lists, fetched once per provider (a failure is not kept). */
  private syntaxList(key: string, signal?: AbortSignal): Promise<ReadonlySet<string>> {
    if (!this.syntaxes) {
      const pending = (async () => {
        const res = await this.send('GET', '/syntaxes', key, { signal });
        const json = this.successBody(res, key, 'syntaxes');
        if (!Array.isArray(json.syntaxes)) throw badResponse(SERVICE, res.status, 'the syntax list is missing');
        const names = new Set<string>();
        for (const s of json.syntaxes) {
          const short = isObject(s) ? optString(s, 'short') : undefined;
          if (short) names.add(short);
        }
        return names;
      })();
      this.syntaxes = pending;
      pending.catch(() => {
        if (this.syntaxes === pending) this.syntaxes = undefined;
      });
    }
    return this.syntaxes;
  }

  /** The syntax list, or undefined when the service will not give it for a reason a create would survive. */
  private async syntaxesOrNone(key: string, signal?: AbortSignal, again = true): Promise<ReadonlySet<string> | undefined> {
    try {
      return await this.syntaxList(key, signal);
    } catch (err) {
      // Another call's cancelled fetch was shared with this one: fetch again for this call.
      if (err instanceof PasteError && err.kind === 'cancelled' && !signal?.aborted && again) return this.syntaxesOrNone(key, signal, false);
      if (err instanceof PasteError && (err.kind === 'server' || err.kind === 'invalid' || err.kind === 'notFound' || err.kind === 'tooLarge')) {
        return undefined;
      }
      throw err;
    }
  }

  private toPaste(raw: unknown, status: number, single: boolean): Paste {
    if (!isObject(raw)) throw badResponse(SERVICE, status, single ? 'the paste is not an object' : 'a listed paste is not an object');
    const id = idString(raw.id);
    if (!id) throw badResponse(SERVICE, status, 'a paste has no id');
    const encrypted = raw.encrypted === true || raw.encrypted === 1;
    let files: PasteFile[] = [];
    let complete = false;
    if (Array.isArray(raw.sections)) {
      const sections = raw.sections;
      files = sections.map((s, i) => this.toFile(isObject(s) ? s : {}, id, i, sections.length, encrypted));
      complete = !encrypted && files.length > 0 && files.every((f) => f.content !== undefined);
    } else if (single) {
      throw badResponse(SERVICE, status, 'the paste has no sections');
    }
    const description = optString(raw, 'description');
    const views = optNumber(raw, 'views');
    return {
      service: 'pasteee',
      id,
      description: description ? description : undefined,
      createdAt: pasteEeDate(raw.created_at),
      updatedAt: pasteEeDate(raw.updated_at),
      expiresAt: pasteEeDate(raw.expires_at),
      views,
      url: this.webUrl(id),
      files,
      complete,
    };
  }

  private toFile(section: Json, pasteId: string, index: number, count: number, encrypted: boolean): PasteFile {
    const name = optString(section, 'name')?.trim() || sectionName(index, count);
    const syntax = optString(section, 'syntax');
    const content = encrypted ? undefined : optString(section, 'contents');
    const language = syntax && syntax !== AUTODETECT ? LANGUAGES.fromService(syntax) : languageForFileName(name);
    const file: PasteFile = { name, rawUrl: this.rawUrl(pasteId, index) };
    const sectionId = idString(section.id);
    if (sectionId !== undefined) file.id = sectionId;
    if (content !== undefined) {
      file.content = content;
      file.size = utf8Length(content);
    } else {
      const size = optNumber(section, 'size');
      if (size !== undefined) file.size = size;
    }
    if (language) file.language = language;
    if (syntax) file.serviceLanguage = syntax;
    return file;
  }

  private webUrl(id: string): string {
    return `${this.webBase}/p/${encodeURIComponent(id)}`;
  }

  private rawUrl(id: string, index: number): string {
    return `${this.webBase}/r/${encodeURIComponent(id)}/${index}`;
  }
}

function pickSyntax(language: string | undefined, syntaxes: ReadonlySet<string> | undefined): string {
  if (!language || !syntaxes) return AUTODETECT;
  return syntaxCandidates(language).find((name) => syntaxes.has(name)) ?? AUTODETECT;
}

function sectionName(index: number, count: number): string {
  return count > 1 ? `New Paste ${index + 1}` : 'New Paste';
}

function checkId(id: string): string {
  const trimmed = typeof id === 'string' ? id.trim() : '';
  if (!trimmed) throw new PasteError('invalid', 'No paste.ee paste id was given.', { service: SERVICE });
  return trimmed;
}

function fail(error: PasteError): never {
  throw error;
}


function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
