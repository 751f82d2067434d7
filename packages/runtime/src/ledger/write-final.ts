import type { Logger } from 'pino';
import type { FinishRow, Ledger } from './ledger.js';
import { isDataError } from './pg-errors.js';

/** Backoff between tries of a final write while the database is unreachable. */
const FIRST_RETRY_MS = 100;
const MAX_RETRY_MS = 2_000;
/**
 * Gives up after this long (the caller's error path then puts the message back). The
 * delivery is heartbeated meanwhile, so nobody else runs the task. @default 300_000 (5 min)
 */
export const FINAL_WRITE_PATIENCE_MS = 300_000;

/**
 * Writes an attempt's final state, retrying with backoff while the database is unreachable
 * (restart, failover): the handler already ran, and nak'ing would run it again. A data error
 * is not retried (it would fail the same way): it is thrown.
 */
export async function writeFinal(
  ledger: Ledger,
  logger: Logger,
  row: FinishRow,
  patienceMs = FINAL_WRITE_PATIENCE_MS,
): Promise<boolean> {
  const deadline = Date.now() + patienceMs;
  for (let wait = FIRST_RETRY_MS; ; wait = Math.min(wait * 2, MAX_RETRY_MS)) {
    try {
      return await ledger.finish(row);
    } catch (e: unknown) {
      if (isDataError(e) || Date.now() + wait > deadline) throw e;
      logger.warn(
        { err: e, taskId: row.id, state: row.state, retryInMs: wait },
        'final write failed; retrying',
      );
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}
