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

/**
 * Runs `step` of settling an outcome that is already known (a ledger write, a DLQ publish)
 * until it succeeds, with backoff, while its failure is transient (database restarting,
 * stream unavailable): the handler already ran, and giving the message back would run it
 * again. Errors `isPermanent` says will fail the same way are thrown at once.
 */
export async function untilDone<T>(
  step: () => Promise<T>,
  logger: Logger | (() => Logger),
  what: string,
  isPermanent: (e: unknown) => boolean = () => false,
  patienceMs = SETTLE_PATIENCE_MS,
): Promise<T> {
  const deadline = Date.now() + patienceMs;
  for (let wait = FIRST_RETRY_MS; ; wait = Math.min(wait * 2, MAX_RETRY_MS)) {
    try {
      return await step();
    } catch (e: unknown) {
      if (isPermanent(e) || Date.now() + wait > deadline) throw e;
      (typeof logger === 'function' ? logger() : logger).warn(
        { err: e, retryInMs: wait },
        `${what} failed; retrying`,
      );
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

/** Writes an attempt's final state (see `untilDone`); a data error is thrown at once. */
export function writeFinal(ledger: Ledger, logger: Logger, row: FinishRow): Promise<boolean> {
  // The child logger is made only when a try fails: most final writes never log.
  return untilDone(
    () => ledger.finish(row),
    () => logger.child({ taskId: row.id }),
    'final write',
    isDataError,
  );
}
