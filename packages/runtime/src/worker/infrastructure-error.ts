import {
  ClosedConnectionError,
  ConnectionError,
  DrainingConnectionError,
  NoRespondersError,
  TimeoutError,
} from '@nats-io/nats-core';

/**
 * SQLSTATEs that say "the database is unreachable or going away", not "this task is bad":
 * class 08 (connection exception), 57P01–57P03 (admin/crash shutdown, cannot connect now),
 * 53300 (too many connections), 58xxx (system error: I/O), 40P01 is NOT here (a deadlock is a
 * normal, counted retry).
 */
const SQLSTATE_INFRA = /^(08...|57P0[123]|53300|58...)$/;

/** postgres.js client-side connection failures, and Node's socket errors. */
const CODES_INFRA = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/**
 * True when an error means the infrastructure (PostgreSQL or NATS) is unreachable rather than
 * that the task failed. Such an outcome MUST NOT use up a retry or dead-letter the task: the
 * worker keeps or returns the delivery and tries again when the service is back (issue 11,
 * defect 17). Follows `cause` chains, so a handler's own wrapper error still counts.
 */
export function isInfrastructureError(e: unknown): boolean {
  for (let err = e, depth = 0; err && depth < 8; depth++) {
    if (
      err instanceof ConnectionError ||
      err instanceof ClosedConnectionError ||
      err instanceof DrainingConnectionError ||
      err instanceof NoRespondersError ||
      err instanceof TimeoutError
    )
      return true;
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && (CODES_INFRA.has(code) || SQLSTATE_INFRA.test(code))) return true;
    // AggregateError (Node's happy-eyeballs connect) carries the socket errors in `errors`.
    const inner = (err as { errors?: unknown }).errors;
    if (Array.isArray(inner) && inner.some(isInfrastructureError)) return true;
    err = (err as { cause?: unknown }).cause;
  }
  return false;
}
