import type { Logger } from 'pino';
import { isInfrastructureError } from '../worker/infrastructure-error.js';
import type { Ledger } from './ledger.js';

const FIRST_RETRY_MS = 100;
const MAX_RETRY_MS = 2_000;
/**
 * Gives up after this long (the caller's error path then puts the message back, and the
 * next claim counts one attempt too many). The delivery is heartbeated meanwhile, so nobody
 * else runs the task. @default 300_000 (5 min)
 */
export const RELEASE_PATIENCE_MS = 300_000;

/**
 * Gives an attempt back uncounted (`Ledger.release`: attempts - 1, state back to PENDING or
 * RETRY) after an outage, retrying with backoff while the database is unreachable: the claim
 * counted the attempt, and an outage must never use up a task's retries (issue 11, defect 17).
 * Other errors are thrown.
 */
export async function releaseClaim(
  ledger: Ledger,
  logger: Logger,
  row: { id: string; attempt: number; workerId: string },
  patienceMs = RELEASE_PATIENCE_MS,
): Promise<void> {
  const deadline = Date.now() + patienceMs;
  for (let wait = FIRST_RETRY_MS; ; wait = Math.min(wait * 2, MAX_RETRY_MS)) {
    try {
      return await ledger.release(row);
    } catch (e: unknown) {
      if (!isInfrastructureError(e) || Date.now() + wait > deadline) throw e;
      logger.warn({ err: e, taskId: row.id, retryInMs: wait }, 'claim release failed; retrying');
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}
