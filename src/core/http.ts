// The one HTTP layer: injected fetch, a timeout per request, cancellation, bounded
// retries for idempotent requests only, manual redirects that never carry
// credentials to another origin, and bodies read defensively whatever they are.
import { PasteError } from './errors';
import { clip, redact } from './redact';

export type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

export interface HttpRequest {
  method: Method;
  url: string;
  headers?: Record<string, string>;
  /** Sent as JSON with a JSON content type. */
  json?: unknown;
  /** Sent as is (set a content type in headers). */
  body?: string;
  signal?: AbortSignal;
  /** Header names that carry credentials: dropped on a cross-origin redirect. */
  credentialHeaders?: readonly string[];
  /** The body carries credentials (Modern Paste's api_key): never resent to another origin. */
  credentialsInBody?: boolean;
  /** Secrets to scrub from anything this request turns into a message. */
  secrets?: readonly (string | undefined)[];
  /** Overrides the client's timeout for this request. */
  timeoutMs?: number;
  /**
   * Overrides whether this request may be retried (default: by method). Only for
   * reads a service insists on sending as POST (Modern Paste's details, user,
   * recent); never set it on a request that creates or changes anything.
   */
  idempotent?: boolean;
}

export interface HttpResponse {
  status: number;
  ok: boolean;
  headers: Headers;
  /** The body as text ('' when empty or unreadable). */
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
  /** The URL that answered (after redirects). */
  url: string;
}

export interface HttpClientOptions {
  /** Service display name for error messages. */
  service: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Retries after the first try, for idempotent requests only. */
  retries?: number;
  /** The longest wait before a retry; a longer Retry-After is not waited for. */
  maxRetryDelayMs?: number;
  /** Base delay for exponential backoff when the server gives no Retry-After. */
  retryBaseDelayMs?: number;
  allowInsecureHttp?: boolean;
  /** Largest response body read, in bytes. */
  maxResponseBytes?: number;
  userAgent?: string;
  /** Called once per request sent, with method and URL (never headers or bodies). */
  onRequest?: (method: string, url: string) => void;
}

const IDEMPOTENT: ReadonlySet<Method> = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
const MAX_REDIRECTS = 5;

export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/** Seconds from a Retry-After header (delta-seconds or HTTP date), or undefined. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

export class HttpClient {
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly maxRetryDelayMs: number;
  private readonly retryBaseDelayMs: number;
  private readonly maxResponseBytes: number;

  constructor(private readonly options: HttpClientOptions) {
    // Resolve the platform fetch at call time, so VS Code's proxy patching applies.
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.retries = options.retries ?? 2;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 10_000;
    this.retryBaseDelayMs = options.retryBaseDelayMs ?? 300;
    this.maxResponseBytes = options.maxResponseBytes ?? 16 * 1024 * 1024;
  }

  get service(): string {
    return this.options.service;
  }

  async request(req: HttpRequest): Promise<HttpResponse> {
    const idempotent = req.idempotent ?? IDEMPOTENT.has(req.method);
    for (let attempt = 0; ; attempt++) {
      let response: HttpResponse | undefined;
      let failure: PasteError | undefined;
      try {
        response = await this.sendFollowingRedirects(req);
      } catch (err) {
        failure = err instanceof PasteError ? err : this.networkError(err, req);
        if (failure.kind !== 'network') throw failure;
      }
      const retryable = failure !== undefined || response?.status === 429 || response?.status === 503;
      if (!idempotent || !retryable || attempt >= this.retries) {
        if (failure) throw failure;
        return response!;
      }
      const retryAfter = response ? parseRetryAfter(response.headers.get('retry-after')) : undefined;
      const delay = retryAfter !== undefined ? retryAfter * 1000 : this.retryBaseDelayMs * 2 ** attempt;
      if (delay > this.maxRetryDelayMs) {
        if (failure) throw failure;
        return response!;
      }
      await sleep(delay, req.signal);
    }
  }

  private async sendFollowingRedirects(req: HttpRequest): Promise<HttpResponse> {
    let url = req.url;
    let method = req.method;
    let headers = { ...req.headers };
    let body = this.encodeBody(req, headers);
    const origin = new URL(req.url).origin;
    for (let hop = 0; ; hop++) {
      this.checkTransport(url, req);
      const res = await this.sendOnce(url, method, headers, body, req);
      const location = res.status >= 300 && res.status < 400 ? res.headers.get('location') : null;
      if (!location) return res;
      if (hop >= MAX_REDIRECTS) {
        throw new PasteError('server', `${this.service} redirected too many times.`, { service: this.service, status: res.status });
      }
      const next = new URL(location, url);
      if (next.origin !== origin) {
        headers = withoutHeaders(headers, req.credentialHeaders ?? []);
        if (req.credentialsInBody && body !== undefined && (res.status === 307 || res.status === 308)) {
          throw new PasteError(
            'invalid',
            `${this.service} redirected to another site (${next.origin}); PasteDeck did not resend your credentials there.`,
            { service: this.service, status: res.status },
          );
        }
      }
      if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
        headers = withoutHeaders(headers, ['content-type']);
      }
      url = next.toString();
    }
  }

  private encodeBody(req: HttpRequest, headers: Record<string, string>): string | undefined {
    if (req.json !== undefined) {
      if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
        headers['Content-Type'] = 'application/json';
      }
      return JSON.stringify(req.json);
    }
    return req.body;
  }

  private checkTransport(url: string, req: HttpRequest): void {
    const parsed = new URL(url);
    const carriesCredentials = (req.credentialHeaders?.some((h) => hasHeader(req.headers, h)) ?? false) || req.credentialsInBody;
    if (
      carriesCredentials &&
      parsed.protocol === 'http:' &&
      !isLoopbackHost(parsed.hostname) &&
      !this.options.allowInsecureHttp
    ) {
      throw new PasteError(
        'invalid',
        `PasteDeck will not send credentials to ${parsed.host} over plain http. Use https, or allow insecure http for this instance explicitly.`,
        { service: this.service },
      );
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new PasteError('invalid', `Unsupported URL scheme ${parsed.protocol}`, { service: this.service });
    }
  }

  private async sendOnce(
    url: string,
    method: Method,
    headers: Record<string, string>,
    body: string | undefined,
    req: HttpRequest,
  ): Promise<HttpResponse> {
    if (req.signal?.aborted) throw this.cancelled();
    const controller = new AbortController();
    let timedOut = false;
    const timeoutMs = req.timeoutMs ?? this.timeoutMs;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const onAbort = () => controller.abort();
    req.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      this.options.onRequest?.(method, url);
      const finalHeaders: Record<string, string> = { Accept: 'application/json', ...headers };
      if (this.options.userAgent && !hasHeader(finalHeaders, 'user-agent')) finalHeaders['User-Agent'] = this.options.userAgent;
      const res = await this.fetchImpl(url, {
        method,
        headers: finalHeaders,
        body,
        redirect: 'manual',
        credentials: 'omit',
        signal: controller.signal,
      });
      const text = await this.readBody(res, controller);
      return { status: res.status, ok: res.ok, headers: res.headers, text, json: parseJson(text), url };
    } catch (err) {
      if (err instanceof PasteError) throw err;
      if (req.signal?.aborted) throw this.cancelled();
      if (timedOut) {
        throw new PasteError('timeout', `${this.service} did not answer within ${Math.round(timeoutMs / 1000)} s.`, {
          service: this.service,
        });
      }
      throw this.networkError(err, req);
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
    }
  }

  private async readBody(res: Response, controller: AbortController): Promise<string> {
    if (!res.body) return '';
    const reader = res.body.getReader();
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > this.maxResponseBytes) {
        controller.abort();
        await reader.cancel().catch(() => undefined);
        throw new PasteError('tooLarge', `${this.service} sent more than ${this.maxResponseBytes} bytes; PasteDeck stopped reading.`, {
          service: this.service,
          status: res.status,
        });
      }
      chunks.push(value);
    }
    return new TextDecoder('utf-8', { fatal: false }).decode(concat(chunks, total));
  }

  private cancelled(): PasteError {
    return new PasteError('cancelled', 'The request was cancelled.', { service: this.service });
  }

  private networkError(err: unknown, req: HttpRequest): PasteError {
    const cause = err instanceof Error ? (err.cause instanceof Error ? `${err.message}: ${err.cause.message}` : err.message) : String(err);
    const host = safeHost(req.url);
    return new PasteError('network', `${this.service} could not be reached at ${host}: ${clip(redact(cause, req.secrets ?? []), 200)}`, {
      service: this.service,
    });
  }
}

export function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

function hasHeader(headers: Record<string, string> | undefined, name: string): boolean {
  const lower = name.toLowerCase();
  return Object.keys(headers ?? {}).some((h) => h.toLowerCase() === lower);
}

function withoutHeaders(headers: Record<string, string>, names: readonly string[]): Record<string, string> {
  const drop = new Set(names.map((n) => n.toLowerCase()));
  return Object.fromEntries(Object.entries(headers).filter(([k]) => !drop.has(k.toLowerCase())));
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'an invalid URL';
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new PasteError('cancelled', 'The request was cancelled.'));
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new PasteError('cancelled', 'The request was cancelled.'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
