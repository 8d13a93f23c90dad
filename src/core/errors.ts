// Errors are values with a kind. Every failure PasteDeck shows comes from here.

export type PasteErrorKind =
  | 'auth'
  | 'notFound'
  | 'rateLimited'
  | 'conflict'
  | 'invalid'
  | 'tooLarge'
  | 'network'
  | 'timeout'
  | 'unsupported'
  | 'server'
  | 'cancelled';

export interface PasteErrorInit {
  /** The service's display name, e.g. "paste.gg". */
  service?: string;
  /** HTTP status, when a response came back. */
  status?: number;
  /** The service's own message (already stripped of any secret). */
  serviceMessage?: string;
  /** Seconds to wait before trying again (429 / 503 with Retry-After). */
  retryAfterSeconds?: number;
  cause?: unknown;
}

export class PasteError extends Error {
  override readonly name = 'PasteError';
  readonly service?: string;
  readonly status?: number;
  readonly serviceMessage?: string;
  readonly retryAfterSeconds?: number;

  constructor(
    readonly kind: PasteErrorKind,
    message: string,
    init: PasteErrorInit = {},
  ) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.service = init.service;
    this.status = init.status;
    this.serviceMessage = init.serviceMessage;
    this.retryAfterSeconds = init.retryAfterSeconds;
  }
}

export function isPasteError(err: unknown, kind?: PasteErrorKind): err is PasteError {
  return err instanceof PasteError && (kind === undefined || err.kind === kind);
}

/** The kind a bare HTTP status stands for, when the body says nothing better. */
export function kindForStatus(status: number): PasteErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 404 || status === 410) return 'notFound';
  if (status === 409 || status === 412) return 'conflict';
  if (status === 413 || status === 414) return 'tooLarge';
  if (status === 429) return 'rateLimited';
  if (status === 408 || status === 504) return 'timeout';
  if (status >= 400 && status < 500) return 'invalid';
  return 'server';
}

const KIND_TEXT: Record<PasteErrorKind, string> = {
  auth: 'was refused: the API key or credentials are missing, wrong, or lack permission',
  notFound: 'does not have that paste (it may have expired or been deleted)',
  rateLimited: 'is rate limiting requests',
  conflict: 'reports a conflicting change',
  invalid: 'rejected the request as invalid',
  tooLarge: 'refused the request as too large',
  network: 'could not be reached',
  timeout: 'did not answer in time',
  unsupported: 'does not support this',
  server: 'had an internal error',
  cancelled: 'request was cancelled',
};

/** Builds the error for an HTTP answer that is not a success. */
export function httpError(
  service: string,
  status: number,
  serviceMessage?: string,
  kind: PasteErrorKind = kindForStatus(status),
  retryAfterSeconds?: number,
): PasteError {
  const base = `${service} ${KIND_TEXT[kind]} (HTTP ${status})`;
  const message = serviceMessage ? `${base}: ${serviceMessage}` : base;
  return new PasteError(kind, message, { service, status, serviceMessage, retryAfterSeconds });
}

export function unsupported(service: string, what: string): PasteError {
  return new PasteError('unsupported', `${service} cannot ${what}.`, { service });
}

/** A response that arrived but cannot be understood (wrong shape, not JSON, …). */
export function badResponse(service: string, status: number, what: string): PasteError {
  return new PasteError('server', `${service} sent an answer PasteDeck cannot read (HTTP ${status}): ${what}`, {
    service,
    status,
  });
}
