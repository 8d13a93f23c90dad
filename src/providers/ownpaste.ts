// ownpaste (rafaelmartins/ownpaste, self-hosted Flask): one file per paste, a
// single user who owns every paste, HTTP Digest authentication.
//
// What the real server does beyond its docs (see the service facts and upstream's
// views.py / auth.py / utils.py):
// - paths end in "/" (308 without it): every URL here has the slash;
// - JSON comes back only for `Accept: application/json`: every request asks for it;
// - Digest auth, realm "ownpaste", qop auth, MD5, no opaque. Upstream keeps ONE
//   nonce per client address: any 401 it sends hands out a new one, and an answer
//   with another nonce is a 400 (not a 401). After a success any nonce passes
//   until the next challenge;
// - `GET /` lists languages under "languages" (its docs say "language"): both are read;
// - create and change answer 200 with the short form (`file_content_preview`).
//
// Authentication never sends a create, change or delete twice without cause: the
// challenge comes from an idempotent GET first (coalesced and cached per provider),
// so the POST/PATCH/DELETE carries Authorization on its first try. It is resent
// once, and only when the server refused it before doing anything: a 401 with
// stale=true or with a new nonce while the nonce used was an older cached one, or
// a 400 answering a cached nonce (upstream's "nonce no longer current"). A 401
// right after a fresh challenge means wrong credentials: no resend.
//
// Create fills the returned paste's content from what was sent when the server's
// five-line preview matches it (ownpaste stores the text verbatim), so a create is
// one request; otherwise it reads the paste back with a GET.
import { DigestSession, parseWwwAuthenticate, selectDigestChallenge, type DigestChallenge, type DigestCredentials } from '../core/digest';
import { badResponse, httpError, isPasteError, PasteError, unsupported } from '../core/errors';
import { parseRetryAfter, type HttpClient, type HttpResponse, type Method } from '../core/http';
import { isObject, isoFromMillis, messageFrom, providerHttp, trimUrl, type Json } from '../core/json';
import { extensionForLanguage, languageForFileName, languageMap } from '../core/languages';
import type {
  CallOptions,
  Capabilities,
  CreateInput,
  Page,
  PageRequest,
  Paste,
  PastePatch,
  PasteProvider,
  ProviderOptions,
  WhoAmI,
} from '../core/model';
import { clip, redact } from '../core/redact';

const SERVICE = 'ownpaste';

export const OWNPASTE_CAPABILITIES: Capabilities = {
  multiFile: false,
  // Every write needs the server's one username and password.
  createAnonymous: false,
  createWithKey: true,
  get: true,
  // Single user: `?private=1` with auth lists every paste, all of them the owner's.
  listOwn: true,
  listRecent: true,
  updateContent: true,
  // PATCH changes private, file_name and language.
  updateMetadata: true,
  addFile: false,
  renameFile: true,
  removeFile: false,
  deleteWithKey: true,
  deleteWithDeletionKey: false,
  // A private paste is read by its 20-character private id without auth.
  visibilities: ['public', 'private'],
  expiries: [],
  burnAfterRead: false,
  title: false,
  description: false,
  auth: 'usernamePassword',
};

/**
 * VS Code language id → Pygments aliases, most likely first. ownpaste lists each
 * lexer by its FIRST alias, which changed between Pygments versions (1.x: "js",
 * "rb", "ts"; 2.x: "javascript", "ruby", "typescript"), so the first listed candidate is sent.
 */
const ALIASES: readonly (readonly [string, readonly string[]])[] = [
  ['plaintext', ['text']],
  ['python', ['python', 'py', 'python3', 'py3']],
  ['javascript', ['javascript', 'js']],
  ['typescript', ['typescript', 'ts']],
  ['javascriptreact', ['jsx', 'react']],
  ['typescriptreact', ['tsx']],
  ['json', ['json', 'json-object']],
  ['jsonc', ['json']],
  ['c', ['c']],
  ['cpp', ['cpp', 'c++']],
  ['csharp', ['csharp', 'c#']],
  ['rust', ['rust', 'rs']],
  ['go', ['go', 'golang']],
  ['java', ['java']],
  ['kotlin', ['kotlin']],
  ['scala', ['scala']],
  ['swift', ['swift']],
  ['dart', ['dart']],
  ['ruby', ['ruby', 'rb', 'duby']],
  ['php', ['php', 'php3', 'php4', 'php5']],
  ['perl', ['perl', 'pl']],
  ['lua', ['lua']],
  ['shellscript', ['bash', 'sh', 'ksh', 'zsh', 'shell']],
  ['powershell', ['powershell', 'posh', 'ps1', 'psm1', 'pwsh']],
  ['bat', ['batch', 'bat', 'dosbatch', 'winbatch']],
  ['html', ['html']],
  ['css', ['css']],
  ['scss', ['scss']],
  ['sass', ['sass']],
  ['less', ['less']],
  ['xml', ['xml']],
  ['yaml', ['yaml']],
  ['toml', ['toml']],
  ['ini', ['ini', 'cfg', 'dosini']],
  ['properties', ['properties', 'jproperties']],
  ['sql', ['sql']],
  ['diff', ['diff', 'udiff']],
  ['makefile', ['make', 'makefile', 'mf', 'bsdmake']],
  ['dockerfile', ['docker', 'dockerfile']],
  ['cmake', ['cmake']],
  ['markdown', ['markdown', 'md']],
  ['latex', ['tex', 'latex']],
  ['haskell', ['haskell', 'hs']],
  ['erlang', ['erlang']],
  ['elixir', ['elixir', 'ex', 'exs']],
  ['clojure', ['clojure', 'clj']],
  ['fsharp', ['fsharp', 'f#']],
  ['ocaml', ['ocaml']],
  ['elm', ['elm']],
  ['groovy', ['groovy']],
  ['vb', ['vb.net', 'vbnet']],
  ['r', ['splus', 's', 'r']],
  ['julia', ['julia', 'jl']],
  ['objective-c', ['objective-c', 'objectivec', 'obj-c', 'objc']],
  ['objective-cpp', ['objective-c++', 'objectivec++', 'obj-c++', 'objc++']],
  ['coffeescript', ['coffeescript', 'coffee-script', 'coffee']],
  ['graphql', ['graphql']],
  ['terraform', ['terraform', 'tf']],
  ['proto3', ['protobuf', 'proto']],
  ['nix', ['nixos', 'nix']],
  ['zig', ['zig']],
  ['verilog', ['verilog', 'v']],
  ['vhdl', ['vhdl']],
  ['asm', ['nasm', 'gas', 'asm']],
];
/** Aliases ownpaste may send back that PasteDeck never sends. */
const READ_ONLY_ALIASES: readonly (readonly [string, string])[] = [
  ['python', 'python2'],
  ['python', 'pycon'],
  ['shellscript', 'console'],
  ['plaintext', 'text only'],
];
const CANDIDATES = new Map(ALIASES);
const LANGUAGES = languageMap([...ALIASES.flatMap(([id, names]) => names.map((n) => [id, n] as const)), ...READ_ONLY_ALIASES]);

/** A paste id the server accepts in a path: the number, or the private id. */
const PATH_ID = /^[A-Za-z0-9]{1,64}$/;
const isPrivateId = (id: string) => !/^\d+$/.test(id);

/** Python's str.splitlines(), which ownpaste uses for the preview. */
function splitLines(text: string): string[] {
  // eslint-disable-next-line no-control-regex -- Python's splitlines() also breaks on the file/group/record separators
  const lines = text.split(/\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
const previewOf = (content: string) => splitLines(content).slice(0, 5).join('\n');

const utf8Length = (text: string) => new TextEncoder().encode(text).length;

function cancelled(): PasteError {
  return new PasteError('cancelled', 'The request was cancelled.', { service: SERVICE });
}

/** `promise`, or a cancellation as soon as `signal` aborts (the work itself goes on, shared). */
function abortable<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(cancelled());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(cancelled());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}

/** What an unreadable body is, for the error message. */
function describeBody(res: HttpResponse): string {
  const text = res.text.trim();
  if (text === '') return 'an empty body';
  if (/^<(!doctype|html|head|body)/i.test(text)) return 'an HTML page where JSON was expected (is the base URL right, or is a proxy answering?)';
  if (res.json === undefined) return 'a body that is not JSON';
  if (res.json === null) return 'JSON null';
  if (Array.isArray(res.json)) return 'a JSON list where an object was expected';
  if (!isObject(res.json)) return 'a JSON value that is not an object';
  return 'an object without the expected fields';
}

/** The service's own words about a failure, without secrets. */
function serviceMessage(res: HttpResponse, secrets: readonly (string | undefined)[]): string | undefined {
  if (isObject(res.json)) return messageFrom(res.json, ['error', 'message'], secrets, true);
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(res.text)?.[1]?.trim();
  if (title) return clip(redact(title.replace(/&[#\w]+;/g, ' '), secrets), 120);
  const text = res.text.trim();
  if (text && res.json === undefined && !text.startsWith('<')) return clip(redact(text, secrets), 200);
  return undefined;
}

class OwnPasteProvider implements PasteProvider {
  readonly service = 'ownpaste' as const;
  readonly serviceName = SERVICE;
  readonly capabilities = OWNPASTE_CAPABILITIES;
  readonly baseUrl: string;
  private readonly webUrl: string;
  private readonly http: HttpClient;
  /** Aliases from `GET /`, fetched once; dropped when the fetch fails. */
  private languages?: Promise<ReadonlySet<string>>;
  /** The server's current Digest challenge, answered with an increasing nonce count. */
  private digest?: DigestSession;
  /** A challenge GET in flight, shared by concurrent writes. */
  private pendingChallenge?: Promise<DigestSession | undefined>;

  constructor(private readonly options: ProviderOptions) {
    this.baseUrl = trimUrl(options.baseUrl);
    this.webUrl = trimUrl(options.webUrl ?? options.baseUrl);
    this.http = providerHttp(SERVICE, options);
  }

  // ── the calls ──────────────────────────────────────────────────────────────

  async create(input: CreateInput, options: CallOptions = {}): Promise<Paste> {
    // ownpaste has no title or description: they are not sent (the UI offers none).
    if (input.files.length > 1) throw unsupported(SERVICE, 'hold several files in one paste');
    if (input.anonymous) throw unsupported(SERVICE, 'create a paste without its username and password');
    if (input.visibility === 'unlisted') throw unsupported(SERVICE, 'make unlisted pastes (only public or private)');
    if (input.expiry !== undefined && input.expiry !== 'never') throw unsupported(SERVICE, 'make pastes that expire');
    if (input.burnAfterRead) throw unsupported(SERVICE, 'make pastes that are deleted after reading');
    const file = input.files[0];
    if (!file) throw new PasteError('invalid', 'A paste needs a file.', { service: SERVICE });
    if (typeof file.content !== 'string' || file.content === '') {
      throw new PasteError('invalid', `${file.name || 'The file'} is empty; ownpaste pastes need content.`, { service: SERVICE });
    }
    const credentials = await this.credentials('create a paste');
    const language = await this.serviceLanguage(file.language ?? languageForFileName(file.name), options.signal);
    const payload: Json = { file_content: file.content, private: input.visibility === 'private' };
    if (file.name) payload.file_name = file.name;
    if (language) payload.language = language;

    const res = await this.authed('POST', this.url('/paste/'), credentials, options.signal, payload);
    const body = this.body(res, credentials);
    const paste = this.toPaste(body, res.status, 'short');
    return this.completed(paste, body, file.content, options.signal);
  }

  async get(id: string, options: CallOptions & { full?: boolean } = {}): Promise<Paste> {
    // The JSON of one paste always has its full content, so `full` changes nothing.
    const pasteId = this.checkId(id);
    const url = this.url(`/paste/${pasteId}/`);
    if (isPrivateId(pasteId)) {
      // The private id is the secret: no credentials needed or sent.
      const res = await this.send('GET', url, { signal: options.signal });
      return this.toPaste(this.body(res), res.status, 'full');
    }
    const credentials = await this.optionalCredentials();
    if (!credentials) {
      const res = await this.send('GET', url, { signal: options.signal });
      if (res.status === 401) {
        throw new PasteError(
          'auth',
          'This ownpaste paste is private: PasteDeck needs the username and password to open it by its number (its private id opens it without them).',
          { service: SERVICE, status: 401 },
        );
      }
      return this.toPaste(this.body(res), res.status, 'full');
    }
    const res = await this.authed('GET', url, credentials, options.signal);
    return this.toPaste(this.body(res, credentials), res.status, 'full');
  }

  async listOwn(page: PageRequest = {}, options: CallOptions = {}): Promise<Page<Paste>> {
    const number = this.pageNumber(page.cursor);
    const credentials = await this.credentials('list your pastes');
    const res = await this.authed('GET', this.url(`/paste/?page=${number}&private=1`), credentials, options.signal);
    return this.toPage(res, number, credentials);
  }

  async listRecent(page: PageRequest = {}, options: CallOptions = {}): Promise<Page<Paste>> {
    const number = this.pageNumber(page.cursor);
    const res = await this.send('GET', this.url(`/paste/?page=${number}`), { signal: options.signal });
    return this.toPage(res, number);
  }

  async update(id: string, patch: PastePatch, options: CallOptions = {}): Promise<Paste> {
    const pasteId = this.checkId(id);
    if (patch.title !== undefined && patch.title !== null) throw unsupported(SERVICE, 'give pastes a title');
    if (patch.description !== undefined && patch.description !== null) throw unsupported(SERVICE, 'give pastes a description');
    if (patch.visibility === 'unlisted') throw unsupported(SERVICE, 'make unlisted pastes (only public or private)');
    if (patch.expiry !== undefined && patch.expiry !== 'never') throw unsupported(SERVICE, 'make pastes that expire');
    if (patch.burnAfterRead) throw unsupported(SERVICE, 'make pastes that are deleted after reading');
    const changes = patch.files ?? [];
    if (changes.some((c) => c.kind === 'add')) throw unsupported(SERVICE, 'add a file to a paste (one file per paste)');
    if (changes.some((c) => c.kind === 'remove')) throw unsupported(SERVICE, 'remove the file of a paste (delete the paste instead)');
    if (changes.length > 1) throw unsupported(SERVICE, 'hold several files in one paste');
    const change = changes[0]?.kind === 'update' ? changes[0] : undefined;

    // Missing and null both mean "unchanged" to ownpaste: send only what changes.
    const payload: Json = {};
    if (patch.visibility) payload.private = patch.visibility === 'private';
    if (change?.content !== undefined) {
      if (change.content === '') throw new PasteError('invalid', 'ownpaste pastes need content; delete the paste instead.', { service: SERVICE });
      payload.file_content = change.content;
    }
    if (change?.name !== undefined) {
      if (!change.name.trim()) throw new PasteError('invalid', 'An ownpaste file name cannot be made empty.', { service: SERVICE });
      payload.file_name = change.name;
    }
    if (Object.keys(payload).length === 0 && change?.language === undefined) return this.get(pasteId, options);

    const credentials = await this.credentials('change a paste');
    // A new name brings the language of its extension, as renaming a file in VS Code does.
    const language = await this.serviceLanguage(change?.language ?? (change?.name ? languageForFileName(change.name) : undefined), options.signal);
    if (language) payload.language = language;
    if (Object.keys(payload).length === 0) return this.get(pasteId, options);

    const res = await this.authed('PATCH', this.url(`/paste/${pasteId}/`), credentials, options.signal, payload);
    const body = this.body(res, credentials);
    const paste = this.toPaste(body, res.status, 'short');
    return this.completed(paste, body, typeof payload.file_content === 'string' ? payload.file_content : undefined, options.signal);
  }

  async delete(id: string, options: CallOptions & { deletionKey?: string } = {}): Promise<void> {
    if (options.deletionKey !== undefined) throw unsupported(SERVICE, 'delete with a deletion key (it deletes with the username and password)');
    const pasteId = this.checkId(id);
    const credentials = await this.credentials('delete a paste');
    const res = await this.authed('DELETE', this.url(`/paste/${pasteId}/`), credentials, options.signal);
    if (res.status === 204) return;
    const body = this.body(res, credentials);
    if (body.status !== 'ok') throw badResponse(SERVICE, res.status, 'an answer to delete without status "ok"');
  }

  async whoAmI(options: CallOptions = {}): Promise<WhoAmI> {
    const credentials = await this.credentials('check the credentials');
    const res = await this.authed('GET', this.url('/paste/?private=1'), credentials, options.signal);
    this.readListing(res, credentials);
    return { user: credentials.username };
  }

  idFromUrl(url: string): string | undefined {
    let target: URL;
    try {
      target = new URL(url.trim());
    } catch {
      return undefined;
    }
    for (const base of new Set([this.webUrl, this.baseUrl])) {
      let root: URL;
      try {
        root = new URL(base);
      } catch {
        continue;
      }
      if (target.origin !== root.origin) continue;
      const prefix = root.pathname.replace(/\/+$/, '');
      if (!target.pathname.startsWith(`${prefix}/`)) continue;
      const m = /^\/paste\/([A-Za-z0-9]{1,64})(?:\/(?:raw|download))?\/?$/.exec(target.pathname.slice(prefix.length));
      if (m) return m[1];
    }
    return undefined;
  }

  // ── requests and Digest authentication ─────────────────────────────────────

  private url(path: string): string {
    return `${this.baseUrl}${path}`;
  }

  /** One request, asking for JSON, with a Digest answer when a session is given. */
  private send(
    method: Method,
    url: string,
    init: { signal?: AbortSignal; json?: Json; session?: DigestSession; credentials?: DigestCredentials },
  ): Promise<HttpResponse> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    const body = init.json === undefined ? undefined : JSON.stringify(init.json);
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (init.session && init.credentials) {
      headers.Authorization = init.session.authorize(method, requestTarget(url), init.credentials, body ?? '');
    }
    return this.http.request({
      method,
      url,
      headers,
      body,
      signal: init.signal,
      credentialHeaders: ['Authorization'],
      secrets: [init.credentials?.password],
    });
  }

  /**
   * A request that needs authentication. GETs go out with the cached challenge
   * (or without one, to be challenged); writes get a challenge first. At most one
   * resend, only after the server refused without acting (see the file comment).
   */
  private async authed(method: Method, url: string, credentials: DigestCredentials, signal?: AbortSignal, json?: Json): Promise<HttpResponse> {
    let session = this.digest;
    let fresh = false;
    if (!session && method !== 'GET') {
      session = await this.challenge(signal);
      fresh = true;
    }
    for (let resent = false; ; resent = true) {
      const used = session;
      const res = await this.send(method, url, { signal, json, session: used, credentials });
      if (resent) return res;
      if (res.status === 401) {
        const challenge = selectDigestChallenge(res.headers.get('www-authenticate'));
        if (!challenge) {
          if (parseWwwAuthenticate(res.headers.get('www-authenticate')).length > 0) throw this.schemeError(res);
          return res;
        }
        session = this.adopt(challenge);
        const worthResending = !used || challenge.stale || (!fresh && challenge.nonce !== used.challenge.nonce);
        if (!worthResending) return res;
      } else if (res.status === 400 && used && !fresh) {
        // Upstream ownpaste refuses an answer to a nonce that is no longer this
        // address's current one with 400, before doing anything: challenge again.
        if (this.digest === used) this.digest = undefined;
        session = await this.challenge(signal);
      } else {
        return res;
      }
      fresh = true;
    }
  }

  /** A challenge from an idempotent GET (shared by concurrent callers); undefined when the server lets us in unasked. */
  private challenge(signal?: AbortSignal): Promise<DigestSession | undefined> {
    if (!this.pendingChallenge) {
      const pending = this.fetchChallenge().finally(() => {
        if (this.pendingChallenge === pending) this.pendingChallenge = undefined;
      });
      this.pendingChallenge = pending;
    }
    return abortable(this.pendingChallenge, signal);
  }

  private async fetchChallenge(): Promise<DigestSession | undefined> {
    const res = await this.send('GET', this.url('/paste/?private=1'), {});
    if (res.status === 401) {
      const challenge = selectDigestChallenge(res.headers.get('www-authenticate'));
      if (!challenge) throw this.schemeError(res);
      return this.adopt(challenge);
    }
    this.readListing(res);
    return undefined;
  }

  /** Keeps the session (and its nonce count) while the nonce stays the same. */
  private adopt(challenge: DigestChallenge): DigestSession {
    const current = this.digest?.challenge;
    if (!current || current.nonce !== challenge.nonce || current.realm !== challenge.realm || challenge.stale) {
      this.digest = new DigestSession(challenge);
    }
    return this.digest!;
  }

  private schemeError(res: HttpResponse): PasteError {
    const schemes = parseWwwAuthenticate(res.headers.get('www-authenticate')).map((c) => c.scheme);
    const offered = schemes.length ? clip(schemes.join(', '), 80) : 'no scheme';
    return new PasteError(
      'auth',
      `${SERVICE} asked for authentication PasteDeck cannot answer (${offered}); PasteDeck answers HTTP Digest with MD5.`,
      { service: SERVICE, status: res.status },
    );
  }

  private async credentials(what: string): Promise<DigestCredentials> {
    const credentials = await this.optionalCredentials();
    if (!credentials) {
      throw new PasteError('auth', `${SERVICE} needs the username and password of your ownpaste server to ${what}. Set both for this instance.`, {
        service: SERVICE,
      });
    }
    return credentials;
  }

  /** The configured username and password, read afresh; undefined when either is missing. */
  private async optionalCredentials(): Promise<DigestCredentials | undefined> {
    let stored;
    try {
      stored = await this.options.getCredentials?.();
    } catch (err) {
      throw new PasteError('auth', `PasteDeck could not read the stored ${SERVICE} credentials.`, { service: SERVICE, cause: err });
    }
    const username = typeof stored?.username === 'string' ? stored.username : '';
    const password = typeof stored?.password === 'string' ? stored.password : '';
    if (!username || !password) return undefined;
    // eslint-disable-next-line no-control-regex -- control characters are what is refused
    if (/[\x00-\x1f\x7f]/.test(username)) {
      throw new PasteError('invalid', `The ${SERVICE} username contains control characters.`, { service: SERVICE });
    }
    return { username, password };
  }

  // ── languages ──────────────────────────────────────────────────────────────

  /** The alias to send for a VS Code language id, if the server lists one; else undefined (it guesses). */
  private async serviceLanguage(vscodeId: string | undefined, signal?: AbortSignal): Promise<string | undefined> {
    const candidates = vscodeId ? CANDIDATES.get(vscodeId) : undefined;
    if (!candidates) return undefined;
    let listed: ReadonlySet<string>;
    try {
      listed = await abortable(this.languageList(), signal);
    } catch (err) {
      if (isPasteError(err, 'cancelled')) throw err;
      return undefined; // the paste goes without a language; the server guesses one
    }
    return candidates.find((alias) => listed.has(alias));
  }

  private languageList(): Promise<ReadonlySet<string>> {
    if (!this.languages) {
      const pending = this.fetchLanguages();
      this.languages = pending;
      pending.catch(() => {
        if (this.languages === pending) this.languages = undefined;
      });
    }
    return this.languages;
  }

  private async fetchLanguages(): Promise<ReadonlySet<string>> {
    const res = await this.send('GET', this.url('/'), {});
    const body = this.body(res);
    const list = isObject(body.languages) ? body.languages : body.language;
    if (!isObject(list)) throw badResponse(SERVICE, res.status, 'an instance description without its languages');
    return new Set(Object.keys(list).filter((alias) => typeof list[alias] === 'string'));
  }

  // ── reading answers ────────────────────────────────────────────────────────

  /** The JSON object of a successful answer, or the typed error for anything else. */
  private body(res: HttpResponse, credentials?: DigestCredentials): Json {
    const secrets = [credentials?.password];
    if (!res.ok) throw this.failure(res, secrets);
    if (!isObject(res.json)) throw badResponse(SERVICE, res.status, describeBody(res));
    if (res.json.status === 'fail') throw this.failure(res, secrets);
    return res.json;
  }

  private failure(res: HttpResponse, secrets: readonly (string | undefined)[]): PasteError {
    const message = serviceMessage(res, secrets);
    if (res.ok) return httpError(SERVICE, res.status, message ?? 'the answer says the request failed', 'server');
    const retryAfter = res.status === 429 || res.status === 503 ? parseRetryAfter(res.headers.get('retry-after')) : undefined;
    return httpError(SERVICE, res.status, message, undefined, retryAfter);
  }

  private readListing(res: HttpResponse, credentials?: DigestCredentials): { items: Paste[]; page?: number; pages?: number; perPage?: number } {
    const body = this.body(res, credentials);
    if (!Array.isArray(body.pastes)) throw badResponse(SERVICE, res.status, 'a listing without its list of pastes');
    const items = body.pastes.map((item: unknown) => {
      if (!isObject(item)) throw badResponse(SERVICE, res.status, 'a listed paste that is not an object');
      return this.toPaste(item, res.status, 'short');
    });
    const int = (v: unknown) => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : undefined);
    return { items, page: int(body.page), pages: int(body.pages), perPage: int(body.per_page) };
  }

  private toPage(res: HttpResponse, requested: number, credentials?: DigestCredentials): Page<Paste> {
    // Flask-SQLAlchemy answers 404 past the last page.
    if (res.status === 404 && requested > 1) return { items: [] };
    const listing = this.readListing(res, credentials);
    const current = listing.page && listing.page > 0 ? listing.page : requested;
    const more =
      listing.pages !== undefined
        ? current < listing.pages
        : listing.items.length > 0 && listing.items.length >= (listing.perPage ?? 20);
    return more ? { items: listing.items, next: String(current + 1) } : { items: listing.items };
  }

  /** One paste from its full (`file_content`) or short (`file_content_preview`) form. */
  private toPaste(o: Json, status: number, form: 'full' | 'short'): Paste {
    const rawId = o.paste_id;
    const id =
      typeof rawId === 'number' && Number.isSafeInteger(rawId) && rawId >= 0
        ? String(rawId)
        : typeof rawId === 'string' && /^\d{1,16}$/.test(rawId)
          ? rawId
          : undefined;
    if (id === undefined) throw badResponse(SERVICE, status, 'a paste without a numeric paste_id');
    const privateId = typeof o.private_id === 'string' && PATH_ID.test(o.private_id) ? o.private_id : undefined;
    const isPrivate = typeof o.private === 'boolean' ? o.private : privateId !== undefined;
    const serviceLanguage = typeof o.language === 'string' && o.language.trim() ? o.language : undefined;
    const storedName = typeof o.file_name === 'string' ? (o.file_name.split(/[\\/]/).pop() ?? '').trim() : '';
    const language = LANGUAGES.fromService(serviceLanguage) ?? (storedName ? languageForFileName(storedName) : undefined);
    const name = storedName || `untitled.${extensionForLanguage(language)}`;
    let content: string | undefined;
    if (form === 'full') {
      if (typeof o.file_content !== 'string') throw badResponse(SERVICE, status, 'a paste without its file_content text');
      content = o.file_content;
    }
    const timestamp = o.pub_timestamp;
    const createdAt =
      typeof timestamp === 'number' && Number.isFinite(timestamp) && Math.abs(timestamp) < 1e11
        ? isoFromMillis(Math.round(timestamp * 1000))
        : undefined;
    const webId = privateId ?? id;
    const paste: Paste = {
      service: 'ownpaste',
      id,
      visibility: isPrivate ? 'private' : 'public',
      url: `${this.webUrl}/paste/${webId}/`,
      files: [
        {
          name,
          language,
          serviceLanguage,
          rawUrl: `${this.webUrl}/paste/${webId}/raw/`,
        },
      ],
      complete: content !== undefined,
    };
    if (createdAt) paste.createdAt = createdAt;
    if (privateId) paste.privateId = privateId;
    if (content !== undefined) paste.files[0] = { ...paste.files[0]!, content, size: utf8Length(content) };
    return paste;
  }

  /**
   * The paste after a create or change answered with the short form: with the
   * content sent when the preview shows the server holds exactly that, else read
   * back with a GET (the write already happened, so a failed read-back returns
   * what is known rather than an error).
   */
  private async completed(paste: Paste, body: Json, sent: string | undefined, signal?: AbortSignal): Promise<Paste> {
    if (sent !== undefined && body.file_content_preview === previewOf(sent)) {
      return { ...paste, complete: true, files: [{ ...paste.files[0]!, content: sent, size: utf8Length(sent) }] };
    }
    try {
      return await this.get(paste.privateId ?? paste.id, { signal });
    } catch {
      return paste;
    }
  }

  private checkId(id: string): string {
    const trimmed = typeof id === 'string' ? id.trim() : '';
    if (!PATH_ID.test(trimmed)) {
      throw new PasteError('invalid', `"${clip(trimmed, 40)}" is not an ownpaste paste id (a number or a private id).`, { service: SERVICE });
    }
    return trimmed;
  }

  private pageNumber(cursor: string | undefined): number {
    if (cursor === undefined || cursor === '') return 1;
    if (!/^\d{1,9}$/.test(cursor) || Number(cursor) < 1) {
      throw new PasteError('invalid', 'That page cursor does not belong to an ownpaste listing.', { service: SERVICE });
    }
    return Number(cursor);
  }
}

/** Path and query of a URL, as the Digest `uri` names the request-target. */
function requestTarget(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.pathname}${parsed.search}`;
  } catch {
    return url;
  }
}

export function createOwnPasteProvider(options: ProviderOptions): PasteProvider {
  return new OwnPasteProvider(options);
}
