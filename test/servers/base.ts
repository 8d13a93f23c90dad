// Shared machinery for the faithful local servers: an http server on 127.0.0.1:0,
// a request log, per-route faults (delay, status, dropped connection, bad bodies,
// 429 with Retry-After) and a small control interface, in-process and over HTTP
// (`/__control/*`) for tests that run in another process.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  at: number;
}

export interface Fault {
  /** `METHOD /path` or `/path` (any method); `*` in a segment matches one segment. Absent: every route. */
  route?: string;
  /** Wait this long before answering (or before the fault below). */
  delayMs?: number;
  /** Answer with this status instead of the real handler. */
  status?: number;
  /** Body for `status` (default: a short JSON error). */
  body?: string;
  contentType?: string;
  /** Set Retry-After (seconds) on the answer. */
  retryAfter?: number;
  /** Destroy the socket without answering. */
  drop?: boolean;
  /** How many requests this fault applies to (default: every one until cleared). */
  times?: number;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else is sent as JSON. */
  body?: unknown;
}

export interface IncomingRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** The body parsed as JSON, or undefined. */
  json: unknown;
  /** The server's own origin, e.g. http://127.0.0.1:41234 */
  origin: string;
  header(name: string): string | undefined;
}

export type Handler = (req: IncomingRequest) => Reply | Promise<Reply>;

export interface TestServer {
  readonly name: string;
  /** e.g. http://127.0.0.1:41234 */
  readonly origin: string;
  readonly requests: RecordedRequest[];
  /** Requests whose method and path match `route` (same syntax as Fault.route). */
  requestsTo(route: string): RecordedRequest[];
  fault(fault: Fault): void;
  clearFaults(): void;
  /** Clears the request log and the faults (not the data). */
  resetLog(): void;
  close(): Promise<void>;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return { status, body, headers: { 'Content-Type': 'application/json', ...headers } };
}

export function routeMatches(route: string, method: string, path: string): boolean {
  const m = /^([A-Z]+)\s+(.*)$/.exec(route.trim());
  const wantMethod = m ? m[1] : undefined;
  const wantPath = (m ? m[2] : route).trim();
  if (wantMethod && wantMethod !== method) return false;
  const a = wantPath.split('/');
  const b = path.split('/');
  return a.length === b.length && a.every((seg, i) => seg === '*' || seg === b[i]);
}

export async function startServer(name: string, handler: Handler): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  let faults: Fault[] = [];
  const sockets = new Set<Socket>();
  let origin = '';

  const pickFault = (method: string, path: string): Fault | undefined => {
    const fault = faults.find((f) => !f.route || routeMatches(f.route, method, path));
    if (fault && fault.times !== undefined) {
      fault.times -= 1;
      if (fault.times <= 0) faults = faults.filter((f) => f !== fault);
    }
    return fault;
  };

  const control = async (req: IncomingRequest, res: ServerResponse): Promise<void> => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const action = req.path.slice('/__control/'.length);
    if (action === 'requests') {
      return send(200, requests.map((r) => ({ ...r, query: Object.fromEntries(r.query) })));
    }
    if (action === 'fault' && req.method === 'POST') {
      api.fault(req.json as Fault);
      return send(200, { ok: true });
    }
    if (action === 'reset' && req.method === 'POST') {
      api.resetLog();
      return send(200, { ok: true });
    }
    return send(404, { error: 'unknown control action' });
  };

  const server = createServer((rawReq: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    rawReq.on('data', (c: Buffer) => chunks.push(c));
    rawReq.on('end', () => {
      void (async () => {
        const url = new URL(rawReq.url ?? '/', origin);
        const body = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown;
        try {
          parsed = body ? JSON.parse(body) : undefined;
        } catch {
          parsed = undefined;
        }
        const method = rawReq.method ?? 'GET';
        const req: IncomingRequest = {
          method,
          path: url.pathname,
          query: url.searchParams,
          headers: rawReq.headers,
          body,
          json: parsed,
          origin,
          header: (n) => {
            const v = rawReq.headers[n.toLowerCase()];
            return Array.isArray(v) ? v[0] : v;
          },
        };
        if (url.pathname.startsWith('/__control/')) return control(req, res);
        requests.push({ method, path: url.pathname, query: url.searchParams, headers: rawReq.headers, body, at: Date.now() });
        const fault = pickFault(method, url.pathname);
        if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
        if (fault?.drop) {
          rawReq.socket.destroy();
          return;
        }
        let reply: Reply;
        if (fault?.status !== undefined) {
          reply = {
            status: fault.status,
            body: fault.body ?? JSON.stringify({ error: `injected ${fault.status}` }),
            headers: { 'Content-Type': fault.contentType ?? 'application/json' },
          };
        } else {
          try {
            reply = await handler(req);
          } catch (err) {
            reply = { status: 500, body: `internal error: ${String(err)}`, headers: { 'Content-Type': 'text/plain' } };
          }
        }
        const headers = { ...reply.headers };
        if (fault?.retryAfter !== undefined) headers['Retry-After'] = String(fault.retryAfter);
        const payload = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
        if (typeof reply.body !== 'string' && reply.body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
          headers['Content-Type'] = 'application/json';
        }
        if (!res.destroyed) {
          res.writeHead(reply.status, headers);
          res.end(payload);
        }
      })();
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const api: TestServer = {
    name,
    origin,
    requests,
    requestsTo: (route) => requests.filter((r) => routeMatches(route, r.method, r.path)),
    fault: (f) => {
      faults.push({ ...f });
    },
    clearFaults: () => {
      faults = [];
    },
    resetLog: () => {
      requests.length = 0;
      faults = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  return api;
}

/** What every faithful server offers the shared contract suite. */
export interface ContractServer extends TestServer {
  /** Credentials valid for the seeded account (username "alice"). */
  readonly validCredentials: { key?: string; username?: string; password?: string };
  /**
   * Puts `count` pastes straight into the store (no request is logged) and returns their ids.
   * `owned`: owned by alice (default true); otherwise anonymous and public.
   */
  seed(count: number, options?: { owned?: boolean }): string[];
  /** What the store holds for a paste id (file names and contents), or undefined when it is gone. */
  stored(id: string): { files: { name: string; content: string }[] } | undefined;
  /** Changes a stored paste's first file behind the client's back (a remote edit). */
  touch(id: string, content: string): void;
}
