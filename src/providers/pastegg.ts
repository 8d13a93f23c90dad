// paste.gg, API v1 (https://api.paste.gg/v1; self-hosted instances serve it under /api/v1).
// Multi-file pastes; anonymous creates get a deletion key, keyed creates send
// `Authorization: Key <key>`; metadata and files are changed with PATCH and the
// paste is fetched again afterwards, since every change answers 204.
//
// paste.gg has no "who am I" endpoint: listing your own pastes needs your
// username next to the API key (Credentials.username). The server caps JSON
// bodies (1 MiB in its example config) and answers an over-long body with a
// parse error, so bodies over `maxBytes` are gzip-compressed or refused here.
import { badResponse, httpError, kindForStatus, PasteError, unsupported, type PasteErrorKind } from '../core/errors';
import { parseRetryAfter, type HttpClient, type HttpResponse, type Method } from '../core/http';
import { isObject, isoFromMillis, type Json, optString, parseUrl, providerHttp } from '../core/json';
import { languageForFileName, languageMap } from '../core/languages';
import {
  EXPIRY_SECONDS,
  type CallOptions,
  type Capabilities,
  type CreateInput,
  type Credentials,
  type ExpiryId,
  type FileChange,
  type Page,
  type PageRequest,
  type Paste,
  type PasteFile,
  type PastePatch,
  type PasteProvider,
  type ProviderOptions,
  type Visibility,
  type WhoAmI,
} from '../core/model';
import { clip, redact } from '../core/redact';

const SERVICE = 'paste.gg';
/** The example server config's JSON body limit. */
export const PASTEGG_DEFAULT_MAX_BYTES = 1024 * 1024;
/** GET /users/{username}/pastes answers 15 pastes a page (fixed by the server). */
const USER_PAGE_SIZE = 15;
const DEFAULT_RECENT_LIMIT = 20;
/** `limit` is a u8 on the server. */
const MAX_RECENT_LIMIT = 255;
const VISIBILITIES: readonly Visibility[] = ['public', 'unlisted', 'private'];
const ALL_EXPIRIES = Object.keys(EXPIRY_SECONDS) as ExpiryId[];

export const PASTEGG_CAPABILITIES: Capabilities = {
  multiFile: true,
  createAnonymous: true,
  createWithKey: true,
  get: true,
  listOwn: true,
  listRecent: true,
  updateContent: true,
  updateMetadata: true,
  addFile: true,
  renameFile: true,
  removeFile: true,
  deleteWithKey: true,
  deleteWithDeletionKey: true,
  visibilities: VISIBILITIES,
  // Any future RFC 3339 date is accepted, so every choice can be computed.
  expiries: ALL_EXPIRIES,
  burnAfterRead: false,
  title: true,
  description: true,
  auth: 'apiKey',
  maxBytes: PASTEGG_DEFAULT_MAX_BYTES,
};

export interface PasteGgOptions extends ProviderOptions {
  /** Largest JSON request body the instance accepts (default 1 MiB). */
  maxBytes?: number;
}

// Languages. paste.gg takes a lowercase enum name on input ("cplusplus") and
// answers with the highlight.js name ("cpp"); no endpoint lists them. Every
// name below is one the server's enum accepts, so nothing unknown is ever sent
// (an unknown name is a 400). [VS Code id, input name, output name when it differs]
const LANGUAGES: readonly (readonly [string, string, string?])[] = [
  ['cpp', 'cplusplus', 'cpp'], ['c', 'cplusplus', 'cpp'], ['objective-cpp', 'cplusplus', 'cpp'],
  ['csharp', 'csharp', 'cs'], ['proto3', 'protocolbuffers', 'protobuf'], ['proto', 'protocolbuffers', 'protobuf'],
  ['erb', 'embeddedruby', 'erb'], ['bat', 'dos'], ['shellscript', 'bash'], ['shellscript', 'shell'],
  ['javascript', 'javascript'], ['javascriptreact', 'javascript'], ['typescript', 'typescript'],
  ['typescriptreact', 'typescript'], ['python', 'python'], ['rust', 'rust'], ['go', 'go'], ['java', 'java'],
  ['kotlin', 'kotlin'], ['scala', 'scala'], ['groovy', 'groovy'], ['swift', 'swift'], ['objective-c', 'objectivec'],
  ['ruby', 'ruby'], ['php', 'php'], ['perl', 'perl'], ['lua', 'lua'], ['r', 'r'], ['julia', 'julia'],
  ['haskell', 'haskell'], ['elixir', 'elixir'], ['erlang', 'erlang'], ['clojure', 'clojure'], ['fsharp', 'fsharp'],
  ['ocaml', 'ocaml'], ['elm', 'elm'], ['dart', 'dart'], ['coffeescript', 'coffeescript'], ['powershell', 'powershell'],
  ['sql', 'sql'], ['json', 'json'], ['jsonc', 'json'], ['yaml', 'yaml'], ['xml', 'xml'], ['html', 'xml'],
  ['xsl', 'xml'], ['css', 'css'], ['scss', 'scss'], ['less', 'less'], ['markdown', 'markdown'], ['latex', 'tex'],
  ['diff', 'diff'], ['dockerfile', 'dockerfile'], ['makefile', 'makefile'], ['cmake', 'cmake'], ['ini', 'ini'],
  ['properties', 'ini'], ['nix', 'nix'], ['vb', 'vbnet'], ['verilog', 'verilog'], ['vhdl', 'vhdl'], ['asm', 'x86asm'],
  ['handlebars', 'handlebars'], ['haml', 'haml'], ['twig', 'twig'], ['tcl', 'tcl'], ['d', 'd'], ['crystal', 'crystal'],
  ['fortran', 'fortran'], ['glsl', 'glsl'], ['lisp', 'lisp'], ['scheme', 'scheme'], ['prolog', 'prolog'],
  ['matlab', 'matlab'], ['nginx', 'nginx'], ['apacheconf', 'apache'], ['http', 'http'], ['stylus', 'stylus'],
  ['vim', 'vim'], ['nim', 'nimrod'], ['gherkin', 'gherkin'], ['feature', 'gherkin'], ['puppet', 'puppet'],
  ['thrift', 'thrift'], ['vala', 'vala'], ['ada', 'ada'], ['awk', 'awk'], ['pascal', 'delphi'],
];
/** VS Code id → the enum name paste.gg accepts. */
const inputLanguages = languageMap(LANGUAGES.map(([id, input]) => [id, input] as const));
/** highlight.js name paste.gg answers with (or its input name, if a server echoes that) → VS Code id. */
const outputLanguages = languageMap(LANGUAGES.flatMap(([id, input, output]) => [[id, output ?? input] as const, [id, input] as const]));

/** The paste.gg name to send for a file, or undefined to let the server autodetect. */
export function pasteGgLanguageFor(language: string | undefined, fileName: string | undefined): string | undefined {
  return inputLanguages.toService(language ?? (fileName ? languageForFileName(fileName) : undefined));
}

type Content = { format: 'text'; value: string } | { format: 'gzip'; value: string };

interface Exchange {
  method: Method;
  path: string;
  query?: Record<string, string>;
  /** JSON text, already sized. */
  body?: string;
  /** Sent as `Authorization: Key <key>`, and scrubbed from every message. */
  key?: string;
  signal?: AbortSignal;
}

export function createPasteGgProvider(options: PasteGgOptions): PasteProvider {
  return new PasteGgProvider(options);
}

class PasteGgProvider implements PasteProvider {
  readonly service = 'pastegg' as const;
  readonly serviceName = SERVICE;
  readonly capabilities: Capabilities;
  readonly baseUrl: string;
  private readonly webUrl: string;
  private readonly maxBytes: number;
  private readonly http: HttpClient;

  constructor(private readonly options: PasteGgOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.webUrl = (options.webUrl ?? deriveWebUrl(this.baseUrl)).replace(/\/+$/, '');
    this.maxBytes = options.maxBytes ?? PASTEGG_DEFAULT_MAX_BYTES;
    this.capabilities = { ...PASTEGG_CAPABILITIES, maxBytes: this.maxBytes };
    this.http = providerHttp(SERVICE, options);
  }

  async create(input: CreateInput, options: CallOptions = {}): Promise<Paste> {
    if (!Array.isArray(input.files) || input.files.length === 0) throw invalid('A paste needs at least one file.');
    if (input.burnAfterRead) throw unsupported(SERVICE, 'delete a paste after it is read');
    const credentials = input.anonymous ? {} : await this.credentials();
    const key = credentials.key;
    if (input.visibility === 'private' && !key) {
      throw invalid('paste.gg makes private pastes only for an account: set an API key, or choose unlisted or public.');
    }
    const body = await this.fit(
      input.files.map((f) => f.content),
      (contents) => ({
        name: input.title || undefined,
        description: input.description || undefined,
        visibility: input.visibility,
        expires: expiryDate(input.expiry),
        files: input.files.map((file, i) => ({
          name: file.name || undefined,
          highlight_language: pasteGgLanguageFor(file.language, file.name),
          content: contents[i],
        })),
      }),
    );
    const res = await this.exchange({ method: 'POST', path: '/pastes', body, key, signal: options.signal });
    return this.readPaste(this.result(res, key), { full: false, status: res.status });
  }

  async get(id: string, options: CallOptions & { full?: boolean } = {}): Promise<Paste> {
    const pasteId = toPasteId(id);
    const full = options.full !== false;
    const { key } = await this.credentials();
    const res = await this.exchange({
      method: 'GET',
      path: `/pastes/${pasteId}`,
      query: full ? { full: 'true' } : undefined,
      key,
      signal: options.signal,
    });
    return this.readPaste(this.result(res, key), { full, status: res.status });
  }

  async listOwn(page: PageRequest = {}, options: CallOptions = {}): Promise<Page<Paste>> {
    const { key, username } = await this.credentials();
    if (!key) throw needsKey('to list your pastes');
    if (!username) {
      throw new PasteError(
        'auth',
        'paste.gg cannot tell which account an API key belongs to: set your paste.gg username alongside the API key to list your pastes.',
        { service: SERVICE },
      );
    }
    const number = page.cursor === undefined ? 1 : Number(page.cursor);
    if (!Number.isInteger(number) || number < 1) throw invalid('That page cursor does not come from a paste.gg listing.');
    const res = await this.exchange({
      method: 'GET',
      path: `/users/${encodeURIComponent(username)}/pastes`,
      query: { page: String(number) },
      key,
      signal: options.signal,
    });
    // Past the last page the server answers 404 missing_paste (there is no total).
    if (res.status === 404 && number > 1 && errorKey(res.json) === 'missing_paste') return { items: [] };
    const result = this.result(res, key);
    if (!Array.isArray(result)) throw badResponse(SERVICE, res.status, 'the paste list is not a list');
    const items = result.map((item) => this.readPaste(item, { full: false, status: res.status }));
    return items.length >= USER_PAGE_SIZE ? { items, next: String(number + 1) } : { items };
  }

  async listRecent(page: PageRequest = {}, options: CallOptions = {}): Promise<Page<Paste>> {
    // GET /pastes has no paging beyond `limit`: one page, never a `next`.
    if (page.cursor !== undefined) return { items: [] };
    const wanted = page.limit !== undefined && Number.isFinite(page.limit) ? Math.floor(page.limit) : DEFAULT_RECENT_LIMIT;
    const limit = Math.min(MAX_RECENT_LIMIT, Math.max(1, wanted));
    const res = await this.exchange({ method: 'GET', path: '/pastes', query: { limit: String(limit) }, signal: options.signal });
    const result = this.result(res);
    if (!Array.isArray(result)) throw badResponse(SERVICE, res.status, 'the paste list is not a list');
    // Some servers send more than asked for; keep the newest `limit`.
    return { items: result.slice(0, limit).map((item) => this.readPaste(item, { full: false, status: res.status, ownerUnknown: true })) };
  }

  async update(id: string, patch: PastePatch, options: CallOptions = {}): Promise<Paste> {
    const pasteId = toPasteId(id);
    if (patch.burnAfterRead) throw unsupported(SERVICE, 'delete a paste after it is read');
    const { key } = await this.credentials();
    if (!key) throw needsKey('to change a paste (anonymous pastes cannot be changed)');
    // Build (and size) every request before sending any, so a refusal leaves the paste untouched.
    const metadata = metadataBody(patch);
    const files = patch.files?.length ? await this.fileChangeRequest(pasteId, patch.files) : undefined;
    // Metadata and files are separate endpoints: a patch with both takes two requests.
    if (metadata) {
      const res = await this.exchange({ method: 'PATCH', path: `/pastes/${pasteId}`, body: metadata, key, signal: options.signal });
      this.noContent(res, key);
    }
    if (files) {
      const res = await this.exchange({ ...files, key, signal: options.signal });
      this.noContent(res, key);
    }
    return this.get(pasteId, { full: true, signal: options.signal });
  }

  async delete(id: string, options: CallOptions & { deletionKey?: string } = {}): Promise<void> {
    const pasteId = toPasteId(id);
    const deletionKey = options.deletionKey?.trim() || undefined;
    const accountKey = deletionKey ? undefined : (await this.credentials()).key;
    const key = deletionKey ?? accountKey;
    if (!key) throw needsKey("or the paste's deletion key, to delete a paste");
    const res = await this.exchange({ method: 'DELETE', path: `/pastes/${pasteId}`, key, signal: options.signal });
    this.noContent(res, key);
  }

  /**
   * paste.gg has no whoami. With a username, the key and the account are checked
   * through the user's paste list; without one, the key alone is checked by
   * reading a paste id that cannot exist (a good key gets missing_paste).
   */
  async whoAmI(options: CallOptions = {}): Promise<WhoAmI> {
    const { key, username } = await this.credentials();
    if (!key) throw needsKey('to check your credentials');
    if (username) {
      const res = await this.exchange({
        method: 'GET',
        path: `/users/${encodeURIComponent(username)}/pastes`,
        query: { page: '1' },
        key,
        signal: options.signal,
      });
      this.result(res, key);
      return { user: username };
    }
    const res = await this.exchange({ method: 'GET', path: `/pastes/${'0'.repeat(32)}`, key, signal: options.signal });
    if (res.status === 404 && errorKey(res.json) === 'missing_paste') return {};
    this.result(res, key);
    return {};
  }

  idFromUrl(url: string): string | undefined {
    const parsed = parseUrl(url.trim());
    if (!parsed) return undefined;
    const web = parseUrl(this.webUrl);
    const api = parseUrl(this.baseUrl);
    const segments = parsed.pathname.split('/').filter(Boolean);
    if (api && parsed.origin === api.origin) {
      const base = api.pathname.split('/').filter(Boolean);
      if (base.every((s, i) => segments[i] === s) && segments[base.length] === 'pastes') {
        const id = asPasteId(segments[base.length + 1]);
        if (id) return id;
      }
    }
    if (web && parsed.origin === web.origin) {
      const rest = segments.slice(web.pathname.split('/').filter(Boolean).length);
      // /p/<user>/<id>[/…], or the short forms /<id> and /<user>/<id> that redirect there.
      if (rest[0] === 'p') return asPasteId(rest[2]);
      return asPasteId(rest[0]) ?? asPasteId(rest[1]);
    }
    return undefined;
  }

  // ---- requests -----------------------------------------------------------

  private async credentials(): Promise<Credentials> {
    const credentials = (await this.options.getCredentials?.()) ?? {};
    return { ...credentials, key: credentials.key?.trim() || undefined, username: credentials.username?.trim() || undefined };
  }

  private exchange(req: Exchange): Promise<HttpResponse> {
    const query = req.query ? `?${new URLSearchParams(req.query).toString()}` : '';
    const headers: Record<string, string> = {};
    if (req.key) headers.Authorization = `Key ${req.key}`;
    if (req.body !== undefined) headers['Content-Type'] = 'application/json';
    return this.http.request({
      method: req.method,
      url: `${this.baseUrl}${req.path}${query}`,
      headers,
      body: req.body,
      credentialHeaders: ['Authorization'],
      secrets: [req.key],
      signal: req.signal,
    });
  }

  /** The `result` of a success envelope; any other answer becomes a PasteError. */
  private result(res: HttpResponse, sentKey?: string): unknown {
    const body = res.json;
    if (res.ok && isObject(body) && body.status === 'success' && 'result' in body) return body.result;
    if (!res.ok || errorKey(body) !== undefined) throw this.failure(res, sentKey);
    throw badResponse(SERVICE, res.status, describe(res));
  }

  /** For PATCH and DELETE: 2xx (204, a body may still come and is ignored) or an error. */
  private noContent(res: HttpResponse, sentKey: string): void {
    if (res.ok && errorKey(res.json) === undefined) return;
    throw this.failure(res, sentKey);
  }

  /** The error for an answer: the service's kind and message (key scrubbed), else the status. */
  private failure(res: HttpResponse, sentKey?: string): PasteError {
    const body = res.json;
    const key = errorKey(body);
    let message: string | undefined;
    if (isObject(body)) {
      const text = typeof body.message === 'string' ? body.message : undefined;
      message = text ?? (key ? key.replace(/_/g, ' ') : undefined);
    } else if (body === undefined && res.text.trim() && !/^\s*</.test(res.text)) {
      message = res.text; // plain text, not an HTML page
    }
    const serviceMessage = message ? clip(redact(message, [sentKey]), 300) : undefined;
    return httpError(SERVICE, res.status, serviceMessage, errorKind(res.status, key, sentKey !== undefined), parseRetryAfter(res.headers.get('retry-after')));
  }

  /**
   * Serialises a body with the file contents as text; when that is over the
   * limit, with every content gzip-compressed; when still over, refuses.
   */
  private async fit(texts: readonly string[], build: (contents: Content[]) => unknown): Promise<string> {
    const plain = JSON.stringify(build(texts.map((value) => ({ format: 'text', value }))));
    const plainSize = byteLength(plain);
    if (plainSize <= this.maxBytes) return plain;
    const zipped = JSON.stringify(build(await Promise.all(texts.map(async (text) => ({ format: 'gzip' as const, value: await gzipBase64(text) })))));
    if (byteLength(zipped) <= this.maxBytes) return zipped;
    throw new PasteError(
      'tooLarge',
      `paste.gg accepts requests up to ${formatBytes(this.maxBytes)}; this one is ${formatBytes(plainSize)} (${formatBytes(byteLength(zipped))} even gzip-compressed).`,
      { service: SERVICE },
    );
  }

  /** One request for the file changes: a per-file endpoint for a single change, PATCH /files for several. */
  private async fileChangeRequest(pasteId: string, changes: readonly FileChange[]): Promise<Omit<Exchange, 'key'>> {
    const texts: string[] = [];
    const slots = new Map<FileChange, number>();
    for (const change of changes) {
      if (change.kind !== 'remove' && change.content !== undefined) slots.set(change, texts.push(change.content) - 1);
    }
    const objects = (contents: Content[]) =>
      changes.map((change) => {
        const slot = slots.get(change);
        return fileObject(change, slot === undefined ? undefined : contents[slot]);
      });
    if (changes.length > 1) {
      return { method: 'PATCH', path: `/pastes/${pasteId}/files`, body: await this.fit(texts, objects) };
    }
    const change = changes[0]!;
    if (change.kind === 'remove') return { method: 'DELETE', path: `/pastes/${pasteId}/files/${toFileId(change.id)}` };
    const body = await this.fit(texts, (contents) => objects(contents)[0]);
    if (change.kind === 'add') return { method: 'POST', path: `/pastes/${pasteId}/files`, body };
    return { method: 'PATCH', path: `/pastes/${pasteId}/files/${toFileId(change.id ?? '')}`, body };
  }

  // ---- reading answers ----------------------------------------------------

  private readPaste(value: unknown, how: { full: boolean; status: number; ownerUnknown?: boolean }): Paste {
    const { status } = how;
    if (!isObject(value)) throw badResponse(SERVICE, status, 'a paste is not an object');
    const id = asPasteId(value.id);
    if (!id) throw badResponse(SERVICE, status, 'a paste has no valid id');
    const owner = isObject(value.author) ? str(value.author, 'username') : undefined;
    let files: PasteFile[] = [];
    if (Array.isArray(value.files)) {
      files = value.files.map((file, i) => this.readFile(file, i, id, how));
    } else if (value.files !== undefined || !how.ownerUnknown) {
      // Only the recent-pastes list leaves the files out.
      throw badResponse(SERVICE, status, 'a paste has no file list');
    }
    const where = owner ?? (how.ownerUnknown ? undefined : 'anonymous');
    return {
      service: 'pastegg',
      id,
      title: str(value, 'name'),
      description: str(value, 'description'),
      visibility: VISIBILITIES.find((v) => v === value.visibility),
      expiresAt: isoDate(value.expires),
      createdAt: isoDate(value.created_at),
      updatedAt: isoDate(value.updated_at),
      owner,
      // Without the owner, the short /<id> form, which paste.gg redirects to /p/<owner>/<id>.
      url: where ? `${this.webUrl}/p/${encodeURIComponent(where)}/${id}` : `${this.webUrl}/${id}`,
      files,
      complete: how.full && files.every((f) => f.content !== undefined),
      deletionKey: str(value, 'deletion_key'),
    };
  }

  private readFile(value: unknown, index: number, pasteId: string, how: { full: boolean; status: number }): PasteFile {
    const { status } = how;
    if (!isObject(value)) throw badResponse(SERVICE, status, 'a file is not an object');
    const id = asPasteId(value.id);
    if (!id) throw badResponse(SERVICE, status, 'a file has no valid id');
    if (value.name !== undefined && value.name !== null && typeof value.name !== 'string') {
      throw badResponse(SERVICE, status, 'a file name is not text');
    }
    // The server names unnamed files pastefile1, pastefile2, …
    const name = str(value, 'name') ?? `pastefile${index + 1}`;
    const serviceLanguage = str(value, 'highlight_language');
    // Content only comes with ?full=true; the user listing carries a short preview, never the content.
    const content = how.full ? readContent(value.content, status) : undefined;
    return {
      id,
      name,
      content,
      language: outputLanguages.fromService(serviceLanguage) ?? languageForFileName(name),
      serviceLanguage,
      size: content === undefined ? undefined : byteLength(content),
      rawUrl: `${this.baseUrl}/pastes/${pasteId}/files/${id}/raw`,
    };
  }
}

// ---- helpers ----------------------------------------------------------------

function deriveWebUrl(baseUrl: string): string {
  const url = parseUrl(baseUrl);
  if (!url) return baseUrl;
  // The public API lives on api.paste.gg, its pages on paste.gg; a local instance serves both.
  if (url.hostname === 'api.paste.gg') return `${url.protocol}//paste.gg`;
  return url.origin;
}


/** A paste id as the server writes it (32 lowercase hex), from that form or a hyphenated UUID. */
function asPasteId(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const id = value.trim().toLowerCase().replace(/-/g, '');
  return /^[0-9a-f]{32}$/.test(id) ? id : undefined;
}

function toPasteId(id: string): string {
  const pasteId = asPasteId(id);
  if (!pasteId) {
    throw new PasteError('notFound', `paste.gg has no paste "${clip(String(id), 60)}": its paste ids are 32 hexadecimal characters.`, {
      service: SERVICE,
    });
  }
  return pasteId;
}

function toFileId(id: string): string {
  const fileId = asPasteId(id);
  if (!fileId) throw new PasteError('notFound', `paste.gg has no file "${clip(String(id), 60)}" in this paste.`, { service: SERVICE });
  return fileId;
}

function metadataBody(patch: PastePatch): string | undefined {
  const body: Json = {};
  // null unsets name and description; visibility cannot be unset.
  if (patch.title !== undefined) body.name = patch.title === '' ? null : patch.title;
  if (patch.description !== undefined) body.description = patch.description === '' ? null : patch.description;
  if (patch.visibility !== undefined) body.visibility = patch.visibility;
  if (patch.expiry !== undefined) body.expires = expiryDate(patch.expiry) ?? null;
  return Object.keys(body).length ? JSON.stringify(body) : undefined;
}

/** A file object for PATCH /files (and the per-file endpoints): no id adds, an id changes, `content: null` removes. */
function fileObject(change: FileChange, content: Content | undefined): Json {
  if (change.kind === 'remove') return { id: toFileId(change.id), content: null };
  if (change.kind === 'add') {
    return { name: change.name || undefined, highlight_language: pasteGgLanguageFor(change.language, change.name), content };
  }
  if (!change.id) throw invalid('paste.gg needs the file id to change a file.');
  // A name is sent only when given: the server refuses any name the paste already has, even the file's own.
  return { id: toFileId(change.id), name: change.name || undefined, highlight_language: inputLanguages.toService(change.language), content };
}

/** RFC 3339 date for an expiry choice; undefined for none/never. */
function expiryDate(expiry: ExpiryId | undefined): string | undefined {
  const seconds = expiry ? EXPIRY_SECONDS[expiry] : undefined;
  if (seconds === undefined) return undefined;
  return new Date(Date.now() + seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function readContent(value: unknown, status: number): string | undefined {
  if (!isObject(value)) return undefined;
  // The server writes `value`; the docs' base64 examples say `content`.
  const data = typeof value.value === 'string' ? value.value : typeof value.content === 'string' ? value.content : undefined;
  if (data === undefined) return undefined;
  if (value.format === 'text') return data;
  if (value.format === 'base64') {
    const bytes = base64ToBytes(data);
    if (!bytes) throw badResponse(SERVICE, status, 'a file content is not valid base64');
    return new TextDecoder('utf-8').decode(bytes);
  }
  return undefined; // gzip and xz are input formats only
}

function errorKey(body: unknown): string | undefined {
  if (!isObject(body)) return undefined;
  if (body.status === 'error' && typeof body.error === 'string') return body.error;
  return body.status === undefined && typeof body.error === 'string' ? body.error : undefined;
}

const ERROR_KINDS: Readonly<Record<string, PasteErrorKind>> = {
  bad_api_key: 'auth',
  must_be_authed: 'auth',
  not_allowed: 'auth',
  forbidden: 'auth',
  missing_paste: 'notFound',
  missing_user: 'notFound',
  missing_file: 'notFound',
  not_found: 'notFound',
  bad_json: 'invalid',
  invalid_file: 'invalid',
  bad_parameters: 'invalid',
  bad_multipart: 'invalid',
  internal_server_error: 'server',
};

function errorKind(status: number, key: string | undefined, sentKey: boolean): PasteErrorKind {
  // Transport-level statuses say more than the error key.
  if (status >= 500 || status === 429 || status === 413 || status === 408) return kindForStatus(status);
  const known = key ? ERROR_KINDS[key] : undefined;
  if (known) return known;
  // The real server refuses an unknown or malformed key with a bare 400 bad_request.
  if (status === 400 && key === 'bad_request' && sentKey) return 'auth';
  return status >= 200 && status < 300 ? 'server' : kindForStatus(status);
}

function describe(res: HttpResponse): string {
  if (!res.text.trim()) return 'the body is empty';
  if (res.json === undefined) return /^\s*</.test(res.text) ? 'an HTML page instead of JSON' : 'the body is not JSON';
  if (res.json === null) return 'the body is null';
  if (Array.isArray(res.json)) return 'a list instead of an answer envelope';
  if (!isObject(res.json)) return 'the body is not an object';
  return 'no success envelope with a result';
}

/** A non-empty string field, else undefined. */
function str(obj: Json, field: string): string | undefined {
  return optString(obj, field) || undefined;
}

function isoDate(value: unknown): string | undefined {
  return typeof value === 'string' ? isoFromMillis(Date.parse(value)) : undefined;
}

function invalid(message: string): PasteError {
  return new PasteError('invalid', message, { service: SERVICE });
}

function needsKey(what: string): PasteError {
  return new PasteError('auth', `paste.gg needs your API key ${what}: set a paste.gg API key.`, { service: SERVICE });
}

const encoder = new TextEncoder();

function byteLength(text: string): number {
  return encoder.encode(text).byteLength;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1).replace(/\.0$/, '')} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MiB`;
}

async function gzipBase64(text: string): Promise<string> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
  return bytesToBase64(new Uint8Array(await new Response(stream).arrayBuffer()));
}

function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}

function base64ToBytes(text: string): Uint8Array | undefined {
  try {
    const binary = atob(text.replace(/\s+/g, ''));
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return undefined;
  }
}
