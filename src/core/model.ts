// The one paste model all five services map onto, and the provider interface.

export type ServiceKind = 'pastegg' | 'pasteee' | 'ownpaste' | 'modernpaste' | 'pasteapi';
export type Visibility = 'public' | 'unlisted' | 'private';

/** Expiry choices offered across services; each provider declares the ones it can honour. */
export type ExpiryId = 'never' | '10m' | '1h' | '1d' | '1w' | '2w' | '1mo' | '6mo' | '1y';

export const EXPIRY_SECONDS: Record<ExpiryId, number | undefined> = {
  never: undefined,
  '10m': 600,
  '1h': 3_600,
  '1d': 86_400,
  '1w': 604_800,
  '2w': 1_209_600,
  '1mo': 2_592_000,
  '6mo': 15_552_000,
  '1y': 31_536_000,
};

export interface PasteFile {
  /** The service's id for the file (paste.gg file id, paste.ee section id); absent on single-file services. */
  id?: string;
  name: string;
  /** The content; present only when the paste was fetched in full. */
  content?: string;
  /** VS Code language id, when known. */
  language?: string;
  /** The service's own language name, as it sent it. */
  serviceLanguage?: string;
  /** Size in bytes (UTF-8), when known. */
  size?: number;
  rawUrl?: string;
}

export interface Paste {
  service: ServiceKind;
  /** Always a string (Modern Paste's numeric ids are stringified). */
  id: string;
  title?: string;
  description?: string;
  visibility?: Visibility;
  /** ISO 8601. */
  expiresAt?: string;
  burnAfterRead?: boolean;
  /** ISO 8601. */
  createdAt?: string;
  /** ISO 8601. */
  updatedAt?: string;
  owner?: string;
  views?: number;
  /** Web page of the paste. */
  url?: string;
  files: PasteFile[];
  /** True when every file's content is included. */
  complete: boolean;
  /** Returned once on create: paste.gg's deletion key or Modern Paste's deactivation token. */
  deletionKey?: string;
  /** ownpaste: the private id that reads a private paste without credentials. */
  privateId?: string;
}

export interface NewFile {
  name: string;
  content: string;
  /** VS Code language id. */
  language?: string;
}

export interface CreateInput {
  title?: string;
  description?: string;
  visibility?: Visibility;
  expiry?: ExpiryId;
  burnAfterRead?: boolean;
  files: NewFile[];
  /** Create without credentials even when some are configured. */
  anonymous?: boolean;
}

export type FileChange =
  | { kind: 'add'; name: string; content: string; language?: string }
  | { kind: 'update'; id?: string; name?: string; content?: string; language?: string }
  | { kind: 'remove'; id: string };

export interface PastePatch {
  title?: string | null;
  description?: string | null;
  visibility?: Visibility;
  expiry?: ExpiryId;
  burnAfterRead?: boolean;
  files?: FileChange[];
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface PageRequest {
  /** Opaque cursor from the previous page; absent for the first page. */
  cursor?: string;
  /** Wanted page size; services that fix their own page size ignore it. */
  limit?: number;
}

export interface Page<T> {
  items: T[];
  /** Present when there is another page. */
  next?: string;
}

export type AuthKind = 'apiKey' | 'usernamePassword';

export interface Credentials {
  key?: string;
  username?: string;
  password?: string;
}

export interface Capabilities {
  multiFile: boolean;
  createAnonymous: boolean;
  createWithKey: boolean;
  get: boolean;
  listOwn: boolean;
  listRecent: boolean;
  updateContent: boolean;
  updateMetadata: boolean;
  addFile: boolean;
  renameFile: boolean;
  removeFile: boolean;
  deleteWithKey: boolean;
  deleteWithDeletionKey: boolean;
  /** Empty when the service has no notion of visibility. */
  visibilities: readonly Visibility[];
  /** Empty when pastes cannot expire. */
  expiries: readonly ExpiryId[];
  burnAfterRead: boolean;
  title: boolean;
  description: boolean;
  auth: AuthKind;
  /** Largest request body (bytes) the service accepts, when known. */
  maxBytes?: number;
}

export type CapabilityName = {
  [K in keyof Capabilities]: Capabilities[K] extends boolean ? K : never;
}[keyof Capabilities];

export interface WhoAmI {
  /** The account name, when the service tells it. */
  user?: string;
  /** What the credentials allow, e.g. paste.ee "UserApplication". */
  keyType?: string;
}

export interface PasteProvider {
  readonly service: ServiceKind;
  /** Display name of the service, e.g. "paste.gg". */
  readonly serviceName: string;
  readonly capabilities: Capabilities;
  readonly baseUrl: string;

  create(input: CreateInput, options?: CallOptions): Promise<Paste>;
  get(id: string, options?: CallOptions & { full?: boolean }): Promise<Paste>;
  listOwn(page?: PageRequest, options?: CallOptions): Promise<Page<Paste>>;
  listRecent(page?: PageRequest, options?: CallOptions): Promise<Page<Paste>>;
  /** Returns the paste as it is after the change (fetched again where the service does not answer with it). */
  update(id: string, patch: PastePatch, options?: CallOptions): Promise<Paste>;
  delete(id: string, options?: CallOptions & { deletionKey?: string }): Promise<void>;
  /** Checks the configured credentials against the service. */
  whoAmI(options?: CallOptions): Promise<WhoAmI>;
  /** The paste id in a web URL of this instance, or undefined. */
  idFromUrl(url: string): string | undefined;
}

/** What every provider factory takes. */
export interface ProviderOptions {
  baseUrl: string;
  /** Called for every request that may authenticate; never cached by the provider. */
  getCredentials?: () => Promise<Credentials | undefined>;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Allow credentials over plain http to a non-loopback host. */
  allowInsecureHttp?: boolean;
  /** Web UI base, where it differs from the API base (paste.gg: https://paste.gg). */
  webUrl?: string;
}
