import type { TaskState } from '@repowiki/contracts';
import type { TaskClient } from '../client/task-client.js';
import { matchRunIds } from './match-runs.query.js';
import type { RunFilter } from './run-filter.js';

/** States a revoke can still change (queued: REVOKED at once; running: aborted by its worker). */
export const REVOCABLE_STATES: readonly TaskState[] = ['PENDING', 'RETRY', 'STARTED', 'PROGRESS'];

/** Runs a bulk revoke would act on (what the confirmation prompt counts). */
export function revocableRuns(client: TaskClient, filter: RunFilter, limit: number): Promise<string[]> {
  return matchRunIds(client.db.ledgerSql, filter, REVOCABLE_STATES, limit);
}

export interface RevokeOutcome {
  taskId: string;
  /** REVOKED (was queued), STARTED/PROGRESS (abort requested), a final state (finished first), NOT_FOUND. */
  state: TaskState | 'NOT_FOUND';
}

/**
 * Revokes each run (TaskClient.revoke: durable in the ledger, then the abort broadcast for a
 * running one), 8 at a time. Revoking twice is harmless: a final run is left as it is.
 */
export async function revokeRuns(client: TaskClient, ids: readonly string[]): Promise<RevokeOutcome[]> {
  const out: RevokeOutcome[] = new Array(ids.length);
  let next = 0;
  const lane = async () => {
    while (next < ids.length) {
      const i = next++;
      const taskId = ids[i]!;
      out[i] = { taskId, state: await client.revoke(taskId) };
    }
  };
  await Promise.all(Array.from({ length: Math.min(8, ids.length) }, lane));
  return out;
}
