// A faithful local paste.gg (jkcclemens/paste, Rust/Rocket) for tests. The API
// lives under /api/v1, the web pages at the root (/p/<user>/<id>, and /<id>
// redirecting there).
//
// As the upstream server: envelopes {"status":"success","result":…} and
// {"status":"error","error":KIND,"message"?}; create 201, PATCH/DELETE 204;
// visibility defaults to unlisted; `expires` is RFC 3339 and must be in the
// future on create; ids are 32 lowercase hex (UUIDs in the path may carry
// hyphens); the JSON routes need Content-Type application/json (the route does
// not match otherwise: 404); validation failures are 400 bad_json with the
// server's messages; a body over the JSON limit is read truncated and fails to
// parse (400 bad_json, not 413); language names are the lowercase enum on input
// and highlight.js names on output, an unknown one a 400; gzip/base64 input is
// stored as binary and read back as base64; file content only with ?full=true;
// the user listing has 15 pastes a page, 404 missing_paste past the end, and a
// short preview in the first text file; PATCH /files with `content: null`
// removes a file, a name any file already has is refused, and removing the last
// file removes the paste; unknown /api routes answer Rocket's catcher text.
//
// Where upstream is laxer than its docs, this server follows the docs and the
// brief: a missing or wrong key where one is needed is 401 (upstream: a bare
// 400 bad_request), only the owner may change or delete a paste, a deletion key
// deletes only its own paste, anonymous pastes cannot be changed, and
// GET /pastes honours `limit` (upstream: at least 100).
import { randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { json, startServer, type ContractServer, type IncomingRequest, type Reply } from './base';

export interface PasteGgServerOptions {
  /** Largest JSON body read (bytes); the example config's limit is 1 MiB. */
  maxBodyBytes?: number;
}

export interface StoredPasteGgFile {
  id: string;
  name: string;
  /** The input enum name, e.g. "cplusplus". */
  language?: string;
  bytes: Buffer;
  /** Sent as base64/gzip/xz: read back as base64. */
  binary: boolean;
}

export interface StoredPasteGgPaste {
  id: string;
  name?: string;
  description?: string;
  visibility: 'public' | 'unlisted' | 'private';
  authorId?: string;
  createdAt: Date;
  updatedAt: Date;
  expires?: Date;
  deletionKey?: string;
  files: StoredPasteGgFile[];
}

interface User {
  id: string;
  username: string;
  name: string;
  key: string;
}

export interface PasteGgServer extends ContractServer {
  /** `${origin}/api/v1` */
  readonly apiBase: string;
  readonly maxBodyBytes: number;
  readonly validCredentials: { key: string; username: string };
  /** Adds an account and returns its API key. */
  addUser(username: string): string;
  /** The stored record (for assertions), or undefined. */
  paste(id: string): StoredPasteGgPaste | undefined;
  /** Moves a paste's expiry into the past. */
  expire(id: string): void;
}

/** The server's Language enum: input name → highlight.js output name (same unless listed). */
const LANGUAGE_NAMES =
  'onec abnf accesslog actionscript ada apache applescript arduino armasm asciidoc aspectj autohotkey autoit avrasm awk ' +
  'axapta bash basic bnf brainfuck cal capnproto ceylon clean clojure clojurerepl cmake coffeescript coq cos cplusplus ' +
  'crmsh crystal csharp csp css d dart delphi diff django dns dockerfile dos dsconfig dts dust ebnf elixir elm ' +
  'embeddedruby erlang erlangrepl excel fix flix fortran fsharp gams gauss gcode gherkin glsl go golo gradle groovy haml ' +
  'handlebars haskell haxe hsp htmlbars http hy inform7 ini irpf90 java javascript jbosscli json julia juliarepl kotlin ' +
  'lasso ldif leaf less lisp livecodeserver livescript llvm lindenscriptinglanguage lua makefile markdown mathematica ' +
  'matlab maxima mel mercury mipsasm mizar mojolicious monkey moonscript n1ql nginx nimrod nix nsis objectivec ocaml ' +
  'openscad oxygene parser3 perl pf php pony powershell processing profile prolog protocolbuffers puppet purebasic python ' +
  'q qml r rib roboconf routeros rsl ruby ruleslanguage rust scala scheme scilab scss shell smali smalltalk standardml ' +
  'sqf sql stan stata step21 stylus subunit swift taggerscript tap tcl tex thrift tp twig typescript vala vbnet vbscript ' +
  'vbscripthtml verilog vhdl vim x86asm xl xml xquery yaml zephir';
const HLJS_NAMES: Record<string, string> = {
  onec: '1c', clojurerepl: 'clojure-repl', cplusplus: 'cpp', csharp: 'cs', embeddedruby: 'erb', erlangrepl: 'erlang-repl',
  jbosscli: 'jboss-cli', juliarepl: 'julia-repl', lindenscriptinglanguage: 'lsl', protocolbuffers: 'protobuf',
  standardml: 'sml', vbscripthtml: 'vbscript-html',
};
const LANGUAGES = new Map(LANGUAGE_NAMES.split(' ').map((name) => [name, HLJS_NAMES[name] ?? name]));

const VISIBILITIES = ['public', 'unlisted', 'private'] as const;
const USER_PAGE_SIZE = 15;
const PREVIEW_BYTES = 256;
const MAX_TEXT_BYTES = 25 * 1024;
const MAX_GRAPHEMES = 255;
const API = '/api/v1';

/** A validation failure, answered as the given status and error kind. */
class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly kind: string,
    readonly detail?: string,
  ) {
    super(detail ?? kind);
  }
}

const badJson = (detail: string) => new Refusal(400, 'bad_json', detail);
const parseError = (detail: string) => badJson(`could not parse json: ${detail}`);

function newId(): string {
  return randomBytes(16).toString('hex');
}

/** A UUID from a path or header, simple or hyphenated, as 32 lowercase hex. */
function uuid(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const t = text.trim().toLowerCase();
  if (/^[0-9a-f]{32}$/.test(t)) return t;
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(t) ? t.replace(/-/g, '') : undefined;
}

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** serde's CountedText: a string of at most 25 KiB and 255 grapheme clusters. */
function countedText(value: unknown, field: string): string {
  if (typeof value !== 'string') throw parseError(`invalid type: ${typeName(value)}, expected a string for \`${field}\``);
  const bytes = Buffer.byteLength(value);
  if (bytes > MAX_TEXT_BYTES) throw parseError(`invalid length ${bytes}, expected <= 25KiB`);
  const count = [...graphemes.segment(value)].length;
  if (count > MAX_GRAPHEMES) throw parseError(`invalid length ${count}, expected <= 255 extended grapheme clusters`);
  return value;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'sequence';
  if (typeof value === 'object') return 'map';
  if (typeof value === 'string') return `string ${JSON.stringify(value)}`;
  return `${typeof value} \`${String(value)}\``;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function rfc3339(value: unknown): Date {
  if (typeof value !== 'string') throw parseError(`invalid type: ${typeName(value)}, expected a formatted date and time string`);
  const ok = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(value) && !Number.isNaN(Date.parse(value));
  if (!ok) throw parseError('input contains invalid characters');
  return new Date(value);
}

function language(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !LANGUAGES.has(value)) {
    throw parseError(`unknown variant \`${String(value)}\`, expected one of \`onec\`, \`abnf\`, … (${LANGUAGES.size} languages)`);
  }
  return value;
}

function strictBase64(text: string): Buffer {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) {
    throw parseError(`invalid value: string ${JSON.stringify(text.slice(0, 20))}, expected valid base64`);
  }
  return Buffer.from(text, 'base64');
}

/** serde's Content: {"format": text|base64|gzip|xz, "value": …}. */
function content(value: unknown): { bytes: Buffer; binary: boolean } {
  if (!isObject(value)) throw parseError(`invalid type: ${typeName(value)}, expected adjacently tagged enum Content`);
  if (typeof value.value !== 'string') throw parseError('missing field `value`');
  switch (value.format) {
    case 'text':
      return { bytes: Buffer.from(value.value, 'utf8'), binary: false };
    case 'base64':
      return { bytes: strictBase64(value.value), binary: true };
    case 'gzip':
      try {
        return { bytes: gunzipSync(strictBase64(value.value)), binary: true };
      } catch (err) {
        if (err instanceof Refusal) throw err;
        throw parseError('invalid gzip header');
      }
    case 'xz':
      throw parseError('xz content is not supported by this test server');
    default:
      throw parseError(`unknown variant \`${String(value.format)}\`, expected one of \`text\`, \`base64\`, \`gzip\`, \`xz\``);
  }
}

/** serde's Update<V>: absent → ignore, null → remove, value → set. */
type Update<V> = { op: 'ignore' } | { op: 'remove' } | { op: 'set'; value: V };
function update<V>(obj: Record<string, unknown>, field: string, read: (v: unknown) => V): Update<V> {
  if (!(field in obj)) return { op: 'ignore' };
  if (obj[field] === null) return { op: 'remove' };
  return { op: 'set', value: read(obj[field]) };
}

interface FileUpdate {
  id?: string;
  name: Update<string>;
  language: Update<string | undefined>;
  content: Update<{ bytes: Buffer; binary: boolean }>;
}

function fileUpdate(value: unknown): FileUpdate {
  if (!isObject(value)) throw parseError(`invalid type: ${typeName(value)}, expected struct PasteFileUpdate`);
  let id: string | undefined;
  if (value.id !== undefined && value.id !== null) {
    id = typeof value.id === 'string' ? uuid(value.id) : undefined;
    if (!id) throw parseError(`invalid value: ${typeName(value.id)}, expected a UUID`);
  }
  return {
    id,
    name: update(value, 'name', (v) => countedText(v, 'name')),
    language: update(value, 'highlight_language', language),
    content: update(value, 'content', content),
  };
}

export async function startPasteGgServer(options: PasteGgServerOptions = {}): Promise<PasteGgServer> {
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const users = new Map<string, User>();
  const pastes = new Map<string, StoredPasteGgPaste>();
  let clock = 0;
  /** Strictly increasing times, so "newest first" is well defined. */
  const now = () => new Date((clock = Math.max(Date.now(), clock + 1)));

  const addUser = (username: string): string => {
    const user: User = { id: newId(), username, name: username[0]!.toUpperCase() + username.slice(1), key: newId() };
    users.set(user.id, user);
    return user.key;
  };
  const aliceKey = addUser('alice');

  /** The paste, unless it is gone (expired pastes are removed by a job upstream). */
  const find = (id: string): StoredPasteGgPaste | undefined => {
    const paste = pastes.get(id);
    if (paste?.expires && paste.expires.getTime() <= Date.now()) {
      pastes.delete(id);
      return undefined;
    }
    return paste;
  };

  const fail = (status: number, kind: string, message?: string): Reply =>
    json(status, message === undefined ? { status: 'error', error: kind } : { status: 'error', error: kind, message });
  const ok = (status: number, result: unknown): Reply => json(status, { status: 'success', result });
  const noContent = (): Reply => ({ status: 204 });
  /** Rocket's catcher for /api paths: JSON text without a JSON content type. */
  const apiNotFound = (): Reply => ({
    status: 404,
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    body: '{"status":"error","error":"not_found"}',
  });
  const htmlPage = (status: number, title: string, text: string): Reply => ({
    status,
    headers: { 'Content-Type': 'text/html; charset=utf-8' },
    body: `<!doctype html><html><head><title>${title}</title></head><body><h1>${title}</h1><p>${text}</p></body></html>`,
  });

  type Auth = { kind: 'none' } | { kind: 'bad' } | { kind: 'user'; user: User } | { kind: 'deletion'; pasteId: string };
  const authOf = (req: IncomingRequest): Auth => {
    const raw = req.headers.authorization;
    const values = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
    const header = values.map((v) => v.toLowerCase()).find((v) => v.startsWith('key '));
    if (header === undefined) return values.length ? { kind: 'bad' } : { kind: 'none' };
    const key = uuid(header.slice(4));
    if (!key) return { kind: 'bad' };
    for (const user of users.values()) if (user.key === key) return { kind: 'user', user };
    for (const paste of pastes.values()) if (paste.deletionKey === key) return { kind: 'deletion', pasteId: paste.id };
    return { kind: 'bad' };
  };
  const refuseBadKey = () => new Refusal(401, 'bad_api_key', 'the API key is not valid');
  /** OptionalUser: no key is fine, a key must be an account's. */
  const optionalUser = (req: IncomingRequest): User | undefined => {
    const auth = authOf(req);
    if (auth.kind === 'none') return undefined;
    if (auth.kind === 'user') return auth.user;
    throw refuseBadKey();
  };
  /** RequiredUser: an account's key must be sent. */
  const requiredUser = (req: IncomingRequest): User => {
    const auth = authOf(req);
    if (auth.kind === 'none') throw new Refusal(401, 'must_be_authed', 'an API key is required: send Authorization: Key <api key>');
    if (auth.kind === 'user') return auth.user;
    throw refuseBadKey();
  };

  const readable = (id: string, user: User | undefined): StoredPasteGgPaste => {
    const paste = find(id);
    if (!paste) throw new Refusal(404, 'missing_paste');
    if (paste.visibility === 'private' && paste.authorId !== user?.id) throw new Refusal(404, 'missing_paste');
    return paste;
  };
  const writable = (id: string, user: User): StoredPasteGgPaste => {
    const paste = readable(id, user);
    if (paste.authorId === undefined) throw new Refusal(403, 'not_allowed', 'anonymous pastes cannot be updated');
    if (paste.authorId !== user.id) throw new Refusal(403, 'not_allowed');
    return paste;
  };

  /** The JSON body of a route declared `format = "application/json"`; null when the route does not match. */
  const jsonBody = (req: IncomingRequest): { value: unknown } | null => {
    const type = (req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') return null;
    const size = Buffer.byteLength(req.body);
    if (size > maxBodyBytes) {
      // Rocket reads up to the limit; the truncated text does not parse.
      throw parseError(`EOF while parsing a string at line 1 column ${maxBodyBytes}`);
    }
    if (!req.body.trim()) throw parseError('EOF while parsing a value at line 1 column 0');
    if (req.json === undefined) {
      try {
        JSON.parse(req.body);
      } catch (err) {
        throw parseError(err instanceof Error ? err.message : 'invalid JSON');
      }
    }
    return { value: req.json };
  };

  const authorOf = (paste: StoredPasteGgPaste) => {
    const user = paste.authorId ? users.get(paste.authorId) : undefined;
    return user ? { id: user.id, username: user.username, name: user.name } : undefined;
  };
  const fileContent = (file: StoredPasteGgFile) =>
    file.binary ? { format: 'base64', value: file.bytes.toString('base64') } : { format: 'text', value: file.bytes.toString('utf8') };
  const outputFile = (file: StoredPasteGgFile, withContent: boolean) => ({
    id: file.id,
    name: file.name,
    highlight_language: file.language ? LANGUAGES.get(file.language) : null,
    ...(withContent ? { content: fileContent(file) } : {}),
  });
  const metadata = (paste: StoredPasteGgPaste) => ({
    name: paste.name ?? null,
    description: paste.description ?? null,
    visibility: paste.visibility,
    created_at: paste.createdAt.toISOString(),
    expires: paste.expires?.toISOString() ?? null,
  });
  const output = (paste: StoredPasteGgPaste, how: { full?: boolean; deletionKey?: string; preview?: boolean } = {}) => {
    const author = authorOf(paste);
    let previewed = false;
    const files = paste.files.map((file) => {
      const out: Record<string, unknown> = outputFile(file, how.full === true);
      if (how.preview && !previewed && !file.binary) {
        previewed = true;
        const full = file.bytes.length <= PREVIEW_BYTES;
        let text = file.bytes.subarray(0, PREVIEW_BYTES).toString('utf8').replace(/\uFFFD+$/, '');
        if (!full) {
          const cut = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
          if (cut > 0) text = text.slice(0, text[cut - 1] === '\r' ? cut - 1 : cut);
        }
        out.content = { format: 'text', value: text };
      }
      return out;
    });
    return {
      id: paste.id,
      ...(author ? { author } : {}),
      ...metadata(paste),
      updated_at: paste.updatedAt.toISOString(),
      ...(how.deletionKey ? { deletion_key: how.deletionKey } : {}),
      files,
    };
  };

  const genericName = (paste: StoredPasteGgPaste): string => {
    for (let n = paste.files.length + 1; ; n++) {
      const name = `pastefile${n}`;
      if (!paste.files.some((f) => f.name === name)) return name;
    }
  };

  const removeFile = (paste: StoredPasteGgPaste, fileId: string) => {
    paste.files = paste.files.filter((f) => f.id !== fileId);
    // A paste with no file left is deleted.
    if (paste.files.length === 0) pastes.delete(paste.id);
  };

  // ---- routes --------------------------------------------------------------

  const listRecent = (req: IncomingRequest): Reply => {
    const raw = req.query.get('limit');
    const limit = raw === null ? 5 : /^\d{1,3}$/.test(raw) && Number(raw) <= 255 ? Number(raw) : NaN;
    if (Number.isNaN(limit)) throw new Refusal(400, 'bad_parameters', 'limit must be a number from 0 to 255');
    const recent = [...pastes.keys()]
      .map(find)
      .filter((p): p is StoredPasteGgPaste => p !== undefined && p.visibility === 'public')
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
      .slice(0, limit)
      .map((p) => ({ id: p.id, ...metadata(p) }));
    return ok(200, recent);
  };

  const create = (req: IncomingRequest): Reply | null => {
    const body = jsonBody(req);
    if (!body) return null;
    const user = optionalUser(req);
    const info = body.value;
    if (!isObject(info)) throw parseError(`invalid type: ${typeName(info)}, expected struct Paste`);
    const name = info.name === undefined || info.name === null ? undefined : countedText(info.name, 'name');
    const description = info.description === undefined || info.description === null ? undefined : countedText(info.description, 'description');
    let visibility: StoredPasteGgPaste['visibility'] = 'unlisted';
    if (info.visibility !== undefined) {
      const v = VISIBILITIES.find((x) => x === info.visibility);
      if (!v) throw parseError(`unknown variant \`${String(info.visibility)}\`, expected one of \`public\`, \`unlisted\`, \`private\``);
      visibility = v;
    }
    const expires = info.expires === undefined || info.expires === null ? undefined : rfc3339(info.expires);
    if (!('files' in info)) throw parseError('missing field `files`');
    if (!Array.isArray(info.files)) throw parseError(`invalid type: ${typeName(info.files)}, expected a sequence`);
    const files = info.files.map((f) => {
      if (!isObject(f)) throw parseError(`invalid type: ${typeName(f)}, expected struct PasteFile`);
      if (!('content' in f)) throw parseError('missing field `content`');
      return {
        name: f.name === undefined || f.name === null ? undefined : countedText(f.name, 'name'),
        language: language(f.highlight_language),
        ...content(f.content),
      };
    });
    if (files.some((f) => f.name === '')) {
      throw new Refusal(400, 'invalid_file', 'names cannot be empty (for no name, omit the name field)');
    }
    // The backend's checks, in its order.
    if (!user && visibility === 'private') throw badJson('cannot make anonymous private pastes');
    if (files.length === 0) throw badJson('you must upload at least one file');
    if (expires && expires.getTime() < Date.now()) throw badJson('expiration date must be in the future');
    const names = files.map((f, i) => f.name ?? `pastefile${i + 1}`);
    if (new Set(names).size !== names.length) throw badJson('duplicate file names are not allowed');
    if (files.some((f) => f.bytes.length === 0)) throw badJson('file content must not be empty');

    const created = now();
    const paste: StoredPasteGgPaste = {
      id: newId(),
      name,
      description,
      visibility,
      authorId: user?.id,
      createdAt: created,
      updatedAt: created,
      expires,
      deletionKey: user ? undefined : newId(),
      files: files.map((f, i) => ({ id: newId(), name: names[i]!, language: f.language, bytes: f.bytes, binary: f.binary })),
    };
    pastes.set(paste.id, paste);
    return ok(201, output(paste, { deletionKey: paste.deletionKey }));
  };

  const getPaste = (req: IncomingRequest, id: string): Reply => {
    const full = req.query.get('full');
    if (full !== null && full !== 'true' && full !== 'false') throw new Refusal(400, 'bad_parameters', 'full must be true or false');
    const paste = readable(id, optionalUser(req));
    return ok(200, output(paste, { full: full === 'true' }));
  };

  const patchPaste = (req: IncomingRequest, id: string): Reply | null => {
    const body = jsonBody(req);
    if (!body) return null;
    const user = requiredUser(req);
    const info = body.value;
    if (!isObject(info)) throw parseError(`invalid type: ${typeName(info)}, expected struct MetadataUpdate`);
    const name = update(info, 'name', (v) => countedText(v, 'name'));
    const description = update(info, 'description', (v) => countedText(v, 'description'));
    let visibility: StoredPasteGgPaste['visibility'] | undefined;
    if (info.visibility !== undefined && info.visibility !== null) {
      visibility = VISIBILITIES.find((x) => x === info.visibility);
      if (!visibility) throw parseError(`unknown variant \`${String(info.visibility)}\`, expected one of \`public\`, \`unlisted\`, \`private\``);
    }
    const expires = update(info, 'expires', rfc3339);
    const paste = writable(id, user);
    if (name.op !== 'ignore') paste.name = name.op === 'set' ? name.value : undefined;
    if (description.op !== 'ignore') paste.description = description.op === 'set' ? description.value : undefined;
    if (visibility) paste.visibility = visibility;
    if (expires.op !== 'ignore') paste.expires = expires.op === 'set' ? expires.value : undefined;
    paste.updatedAt = now();
    return noContent();
  };

  const deletePaste = (req: IncomingRequest, id: string): Reply => {
    const auth = authOf(req);
    if (auth.kind === 'none') throw new Refusal(401, 'must_be_authed', 'send the API key or the deletion key: Authorization: Key <key>');
    if (auth.kind === 'bad') throw refuseBadKey();
    const paste = find(id);
    if (!paste) throw new Refusal(404, 'missing_paste');
    if (auth.kind === 'deletion') {
      if (auth.pasteId !== paste.id) throw new Refusal(403, 'not_allowed');
    } else if (paste.authorId !== auth.user.id) {
      if (paste.visibility === 'private') throw new Refusal(404, 'missing_paste');
      throw new Refusal(403, 'not_allowed');
    }
    pastes.delete(paste.id);
    return noContent();
  };

  const listFiles = (req: IncomingRequest, id: string): Reply => {
    const paste = readable(id, optionalUser(req));
    return ok(200, paste.files.map((f) => outputFile(f, false)));
  };

  const addFile = (req: IncomingRequest, id: string): Reply | null => {
    const body = jsonBody(req);
    if (!body) return null;
    const user = requiredUser(req);
    const f = body.value;
    if (!isObject(f)) throw parseError(`invalid type: ${typeName(f)}, expected struct PasteFile`);
    if (!('content' in f)) throw parseError('missing field `content`');
    const name = f.name === undefined || f.name === null ? undefined : countedText(f.name, 'name');
    const lang = language(f.highlight_language);
    const data = content(f.content);
    const paste = writable(id, user);
    if (name !== undefined && paste.files.some((x) => x.name === name)) throw new Refusal(400, 'invalid_file', 'duplicate file name');
    const file: StoredPasteGgFile = { id: newId(), name: name ?? genericName(paste), language: lang, ...data };
    paste.files.push(file);
    paste.updatedAt = now();
    return ok(201, outputFile(file, false));
  };

  /** Applies checked file updates in the server's order (removals last). */
  const applyUpdates = (paste: StoredPasteGgPaste, updates: FileUpdate[]) => {
    const rank = { ignore: 0, set: 1, remove: 2 } as const;
    for (const u of [...updates].sort((a, b) => rank[a.content.op] - rank[b.content.op])) {
      if (!u.id) {
        if (u.content.op !== 'set') continue; // refused before
        paste.files.push({
          id: newId(),
          name: u.name.op === 'set' ? u.name.value : genericName(paste),
          language: u.language.op === 'set' ? u.language.value : undefined,
          ...u.content.value,
        });
        continue;
      }
      const file = paste.files.find((f) => f.id === u.id);
      if (!file) continue;
      if (u.content.op === 'remove') {
        removeFile(paste, file.id);
        continue;
      }
      // The docs: a null name turns back into pastefile#.
      if (u.name.op !== 'ignore') file.name = u.name.op === 'set' ? u.name.value : genericName(paste);
      if (u.content.op === 'set') Object.assign(file, u.content.value);
      if (u.language.op !== 'ignore') file.language = u.language.op === 'set' ? u.language.value : undefined;
    }
    paste.updatedAt = now();
  };

  const checkUpdates = (paste: StoredPasteGgPaste, updates: FileUpdate[]) => {
    const ids = new Set(paste.files.map((f) => f.id));
    const names = new Set(paste.files.map((f) => f.name));
    if (updates.some((u) => u.id !== undefined && !ids.has(u.id))) throw new Refusal(400, 'missing_file');
    // Upstream compares every given name with every name the paste has, the file's own included.
    if (updates.some((u) => u.name.op === 'set' && names.has(u.name.value))) throw new Refusal(400, 'invalid_file', 'duplicate file name');
    if (updates.some((u) => u.id === undefined && u.content.op !== 'set')) {
      throw new Refusal(400, 'invalid_file', 'new files must have content');
    }
  };

  const patchFiles = (req: IncomingRequest, id: string): Reply | null => {
    const body = jsonBody(req);
    if (!body) return null;
    const user = requiredUser(req);
    if (!Array.isArray(body.value)) throw parseError(`invalid type: ${typeName(body.value)}, expected a sequence`);
    const updates = body.value.map(fileUpdate);
    if (updates.length === 0) throw badJson('array cannot be empty');
    const paste = writable(id, user);
    checkUpdates(paste, updates);
    applyUpdates(paste, updates);
    return noContent();
  };

  const getFile = (req: IncomingRequest, id: string, fileId: string): Reply => {
    const paste = readable(id, optionalUser(req));
    const file = paste.files.find((f) => f.id === fileId);
    if (!file) throw new Refusal(404, 'missing_file');
    return ok(200, outputFile(file, true));
  };

  const patchFile = (req: IncomingRequest, id: string, fileId: string): Reply | null => {
    const body = jsonBody(req);
    if (!body) return null;
    const user = requiredUser(req);
    const u = fileUpdate(body.value);
    const paste = writable(id, user);
    if (u.id !== undefined && u.id !== fileId) throw new Refusal(400, 'invalid_file', 'IDs must match');
    if (!paste.files.some((f) => f.id === fileId)) throw new Refusal(404, 'missing_file');
    const one = { ...u, id: fileId };
    checkUpdates(paste, [one]);
    applyUpdates(paste, [one]);
    return noContent();
  };

  const deleteFile = (req: IncomingRequest, id: string, fileId: string): Reply => {
    const paste = writable(id, requiredUser(req));
    if (!paste.files.some((f) => f.id === fileId)) throw new Refusal(404, 'missing_file');
    removeFile(paste, fileId);
    paste.updatedAt = now();
    return noContent();
  };

  const rawFile = (req: IncomingRequest, id: string, fileId: string): Reply => {
    const paste = readable(id, optionalUser(req));
    const file = paste.files.find((f) => f.id === fileId);
    if (!file) throw new Refusal(404, 'missing_file');
    return {
      status: 200,
      headers: { 'Content-Type': file.binary ? 'application/octet-stream' : 'text/plain; charset=utf-8' },
      body: file.binary ? file.bytes.toString('latin1') : file.bytes.toString('utf8'),
    };
  };

  const userPastes = (req: IncomingRequest, username: string): Reply => {
    const raw = req.query.get('page');
    const page = raw === null ? 1 : /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
    if (Number.isNaN(page)) throw new Refusal(400, 'bad_parameters', 'page must be a number');
    if (page === 0) throw new Refusal(400, 'bad_parameters', 'page number must be greater than 0');
    const viewer = optionalUser(req);
    const target = [...users.values()].find((u) => u.username === username);
    if (!target) throw new Refusal(404, 'missing_user');
    const theirs = [...pastes.keys()]
      .map(find)
      .filter((p): p is StoredPasteGgPaste => p !== undefined && p.authorId === target.id)
      .filter((p) => viewer?.id === target.id || p.visibility === 'public')
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
    if (theirs.length === 0 && page === 1) return ok(200, []);
    const offset = (page - 1) * USER_PAGE_SIZE;
    if (offset >= theirs.length) throw new Refusal(404, 'missing_paste');
    return ok(200, theirs.slice(offset, offset + USER_PAGE_SIZE).map((p) => output(p, { preview: true })));
  };

  const web = (req: IncomingRequest): Reply => {
    const segments = req.path.split('/').filter(Boolean);
    if (req.method === 'GET' && segments.length === 1) {
      const paste = find(uuid(segments[0]) ?? '');
      if (paste) {
        const owner = authorOf(paste)?.username ?? 'anonymous';
        return { status: 302, headers: { Location: `/p/${encodeURIComponent(owner)}/${paste.id}` }, body: '' };
      }
    }
    if (req.method === 'GET' && segments.length === 3 && segments[0] === 'p') {
      const paste = find(uuid(segments[2]) ?? '');
      if (paste && paste.visibility !== 'private' && decodeURIComponent(segments[1]!) === (authorOf(paste)?.username ?? 'anonymous')) {
        return htmlPage(200, paste.name ?? 'untitled paste', `${paste.files.length} file(s)`);
      }
    }
    return htmlPage(404, '404 Not Found', 'The page you were looking for was not found.');
  };

  const api = (req: IncomingRequest): Reply | null => {
    const segments = req.path.slice(API.length).split('/');
    if (segments.shift() !== '') return null;
    const m = req.method;
    const [a, b, c, d, e] = segments;
    if (a === 'pastes' && segments.length === 1) {
      if (m === 'GET') return listRecent(req);
      if (m === 'POST') return create(req);
      return null;
    }
    if (a === 'users' && c === 'pastes' && segments.length === 3 && m === 'GET') return userPastes(req, decodeURIComponent(b ?? ''));
    if (a !== 'pastes') return null;
    const id = uuid(b);
    if (!id) return null;
    if (segments.length === 2) {
      if (m === 'GET') return getPaste(req, id);
      if (m === 'PATCH') return patchPaste(req, id);
      if (m === 'DELETE') return deletePaste(req, id);
      return null;
    }
    if (c !== 'files') return null;
    if (segments.length === 3) {
      if (m === 'GET') return listFiles(req, id);
      if (m === 'POST') return addFile(req, id);
      if (m === 'PATCH') return patchFiles(req, id);
      return null;
    }
    const fileId = uuid(d);
    if (!fileId) return null;
    if (segments.length === 4) {
      if (m === 'GET') return getFile(req, id, fileId);
      if (m === 'PATCH') return patchFile(req, id, fileId);
      if (m === 'DELETE') return deleteFile(req, id, fileId);
      return null;
    }
    if (segments.length === 5 && e === 'raw' && m === 'GET') return rawFile(req, id, fileId);
    return null;
  };

  const server = await startServer('paste.gg', (req) => {
    if (req.path !== API && !req.path.startsWith(`${API}/`)) {
      return req.path === '/api' || req.path.startsWith('/api/') ? apiNotFound() : web(req);
    }
    try {
      return api(req) ?? apiNotFound();
    } catch (err) {
      if (err instanceof Refusal) return fail(err.status, err.kind, err.detail);
      throw err;
    }
  });

  const seedPaste = (i: number, owned: boolean): string => {
    const created = now();
    const alice = [...users.values()].find((u) => u.username === 'alice')!;
    const paste: StoredPasteGgPaste = {
      id: newId(),
      name: `seed ${i}`,
      visibility: owned ? 'unlisted' : 'public',
      authorId: owned ? alice.id : undefined,
      createdAt: created,
      updatedAt: created,
      deletionKey: owned ? undefined : newId(),
      files: [{ id: newId(), name: `seed-${i}.txt`, bytes: Buffer.from(`seed ${i}\n`), binary: false }],
    };
    pastes.set(paste.id, paste);
    return paste.id;
  };

  return {
    ...server,
    apiBase: `${server.origin}${API}`,
    maxBodyBytes,
    validCredentials: { key: aliceKey, username: 'alice' },
    addUser,
    paste: (id) => find(uuid(id) ?? ''),
    expire: (id) => {
      const paste = pastes.get(uuid(id) ?? '');
      if (paste) paste.expires = new Date(Date.now() - 1000);
    },
    seed: (count, seedOptions = {}) => Array.from({ length: count }, (_, i) => seedPaste(i + 1, seedOptions.owned ?? true)),
    stored: (id) => {
      const paste = find(uuid(id) ?? '');
      return paste && { files: paste.files.map((f) => ({ name: f.name, content: f.bytes.toString('utf8') })) };
    },
    touch: (id, text) => {
      const paste = find(uuid(id) ?? '');
      const file = paste?.files[0];
      if (!paste || !file) return;
      file.bytes = Buffer.from(text, 'utf8');
      file.binary = false;
      paste.updatedAt = now();
    },
  };
}
