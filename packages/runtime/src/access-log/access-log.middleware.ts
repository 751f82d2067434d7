import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JetStreamClient } from '@nats-io/jetstream';
import { type AccessLogPublisher, createAccessLogPublisher } from './access-log-publisher.js';
import { anonymizeIp, DEFAULT_IP_ANONYMIZATION, type IpAnonymization } from './anonymize-ip.js';
import {
  CLIENT_IP_HEADERS,
  type ClientIpHeader,
  compileTrustProxy,
  resolveClientIp,
  type TrustProxy,
} from './client-ip.js';
import type { AccessEntryInput } from './publish-access-log.js';
import { resourceFromPath } from './resource-from-path.js';
import { isStaticAsset } from './static-asset.js';

export interface AccessLogMiddlewareOptions {
  js: JetStreamClient;
  /** NATS_NAMESPACE of the services. @default '' */
  namespace?: string;
  /** Entries held while NATS is unreachable before new ones are dropped (and counted). @default 10_000 */
  bufferCapacity?: number;
  /** Whose forwarding headers to believe. @default false (the socket peer is the client) */
  trustProxy?: TrustProxy;
  /**
   * The one header the trusted proxy writes; the others are ignored (the proxy passes them on
   * from the client). @default 'x-forwarded-for'
   */
  clientIpHeader?: ClientIpHeader;
  /**
   * How much of the client address is published (personal data: it travels through NATS and
   * may land in the DLQ). `false` publishes it whole. @default { ipv4PrefixBits: 24, ipv6PrefixBits: 48 }
   */
  ipAnonymization?: IpAnonymization | false;
  /** The signed-in user. @default `req.user.id` when an auth middleware set it, else null */
  resolveUserId?: (req: IncomingMessage) => string | null | undefined;
  /** Further requests not to record (on top of static assets, OPTIONS and HEAD). */
  skip?: (req: IncomingMessage, path: string) => boolean;
  /**
   * An entry was lost: invalid, dropped from a full buffer, or refused by the server for good.
   * Never rethrown: access logging must not fail a request. @default ignored
   */
  onError?: (error: unknown, entry: AccessEntryInput) => void;
}

type Next = (error?: unknown) => void;

/** The middleware, with its buffer: call `publisher.close()` on shutdown so held entries go out. */
export type AccessLogMiddleware = ((req: IncomingMessage, res: ServerResponse, next: Next) => void) & {
  readonly publisher: AccessLogPublisher;
};

/** Field limits of AccessEntrySchema: longer values are cut rather than dropping the entry. */
const MAX_PATH = 2048;
const MAX_USER_AGENT = 1024;

/**
 * Express/NestJS middleware that publishes one access-log entry per page request (batched
 * into `tasks.accesslog.record` messages by its publisher).
 * It calls `next()` at once and queues the entry after the response has finished, so the
 * request neither waits for NATS nor fails when NATS is down; queued entries are re-sent with
 * the same id until stored (see `createAccessLogPublisher`).
 */
export function createAccessLogMiddleware(options: AccessLogMiddlewareOptions): AccessLogMiddleware {
  const trusted = compileTrustProxy(options.trustProxy ?? false);
  const ipHeader = options.clientIpHeader ?? 'x-forwarded-for';
  if (!CLIENT_IP_HEADERS.includes(ipHeader)) {
    throw new Error(`clientIpHeader: expected one of ${CLIENT_IP_HEADERS.join(', ')}, got "${ipHeader}"`);
  }
  const prefixes = options.ipAnonymization ?? DEFAULT_IP_ANONYMIZATION;
  const clientIp = (req: IncomingMessage) => {
    const ip = resolveClientIp(req.socket.remoteAddress, req.headers, trusted, ipHeader);
    return prefixes ? anonymizeIp(ip, prefixes) : ip;
  };
  const resolveUserId = options.resolveUserId ?? defaultUserId;
  const onError = options.onError ?? (() => {});
  const publisher = createAccessLogPublisher({
    js: options.js,
    namespace: options.namespace ?? '',
    capacity: options.bufferCapacity ?? 10_000,
    // Called once per lost entry, with the validated entry (defaults applied).
    onLoss: (lost, reason, error) => {
      onError(error ?? new Error(`access-log entry dropped: ${reason}`), lost.entry);
    },
  });

  function accessLog(req: IncomingMessage, res: ServerResponse, next: Next): void {
    // Express rewrites req.url inside mounted routers; originalUrl is what the client asked for.
    const url = (req as { originalUrl?: string }).originalUrl ?? req.url ?? '/';
    const path = (url.split('?')[0] ?? '/').slice(0, MAX_PATH) || '/';
    const method = req.method ?? 'GET';
    if (method === 'OPTIONS' || method === 'HEAD' || isStaticAsset(path) || options.skip?.(req, path)) {
      next();
      return;
    }
    const started = process.hrtime.bigint();
    const occurredAt = new Date().toISOString();
    res.once('finish', () => {
      // Nanoseconds → milliseconds with microsecond precision.
      const responseTime = Math.round(Number(process.hrtime.bigint() - started) / 1_000) / 1_000;
      const entry: AccessEntryInput = {
        ...resourceFromPath(path),
        userId: resolveUserId(req) ?? null,
        ipAddress: clientIp(req),
        userAgent: (req.headers['user-agent'] ?? '').slice(0, MAX_USER_AGENT),
        path,
        method: method.slice(0, 16),
        statusCode: res.statusCode,
        responseTime,
        occurredAt,
      };
      try {
        publisher.publish(entry);
      } catch (error: unknown) {
        onError(error, entry);
      }
    });
    next();
  }
  return Object.assign(accessLog, { publisher });
}

function defaultUserId(req: IncomingMessage): string | null {
  const id = (req as { user?: { id?: unknown } }).user?.id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : null;
}
