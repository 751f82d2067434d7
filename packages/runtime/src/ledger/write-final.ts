import type { Logger } from 'pino';
import type { FinishRow, Ledger } from './ledger.js';
import { isDataError } from './pg-errors.js';

/** Backoff between tries while the database or the broker is unreachable. */
const FIRST_RETRY_MS = 100;
const MAX_RETRY_MS = 2_000;
/**
 * Gives up after this long (the caller's error path then puts the message back). The
 * delivery is heartbeated meanwhile, so nobody else runs the task. @default 300_000 (5 min)
 */
export const SETTLE_PATIENCE_MS = 300_000;

/** The first try of a step, made by the caller, failed: `untilDone` goes on from there. */
export interface FailedFirstTry {
  /** When that try began (the patience counts from it). */
  startedAt: number;
  error: unknown;
}

/**
 * Runs `step` of settling an outcome that is already known (a ledger write, a DLQ publish)
 * until it succeeds, with backoff, while its failure is transient (database restarting,
 * stream unavailable): the handler already ran, and giving the message back would run it
 * again. Errors `isPermanent` says will fail the same way are thrown at once. With
 * `firstTry`, the caller made the first try itself (see `writeFinal`): the schedule goes on
 * as if it had been made here.
 */
export async function untilDone<T>(
  step: () => Promise<T>,
  logger: Logger | (() => Logger),
  what: string,
  isPermanent: (e: unknown) => boolean = () => false,
  patienceMs = SETTLE_PATIENCE_MS,
  firstTry?: FailedFirstTry,
): Promise<T> {
  const deadline = (firstTry?.startedAt ?? Date.now()) + patienceMs;
  let failed = firstTry !== undefined;
  let error = firstTry?.error;
  for (let wait = FIRST_RETRY_MS; ; wait = Math.min(wait * 2, MAX_RETRY_MS)) {
    if (!failed) {
      try {
        return await step();
      } catch (e: unknown) {
        error = e;
      }
    }
    failed = false;
    if (isPermanent(error) || Date.now() + wait > deadline) throw error;
    (typeof logger === 'function' ? logger() : logger).warn(
      { err: error, retryInMs: wait },
      `${what} failed; retrying`,
    );
    await new Promise((r) => setTimeout(r, wait));
  }
}

/**
 * Writes an attempt's final state (see `untilDone`); a data error is thrown at once. The
 * first try goes straight to the ledger: the retry loop (its closures, its child logger) is
 * set up only when it fails, which most final writes never do.
 */
export async function writeFinal(ledger: Ledger, logger: Logger, row: FinishRow): Promise<boolean> {
  const startedAt = Date.now();
  try {
    return await ledger.finish(row);
  } catch (error: unknown) {
    return untilDone(
      () => ledger.finish(row),
      () => logger.child({ taskId: row.id }),
      'final write',
      isDataError,
      SETTLE_PATIENCE_MS,
      { startedAt, error },
    );
  }
}
