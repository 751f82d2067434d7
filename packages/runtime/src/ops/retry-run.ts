import { createHash } from 'node:crypto';
import type { TaskState } from '@repowiki/contracts';
import type { TaskClient } from '../client/task-client.js';
import { matchRunIds } from './match-runs.query.js';
import { OpsError } from './ops.errors.js';
import type { RunFilter } from './run-filter.js';

/** Runs in these states may be retried. */
export const RETRYABLE_STATES: readonly TaskState[] = ['FAILURE', 'REVOKED'];

export interface RetryOutcome {
  /** The run that was retried. */
  retried: string;
  /** The new run (`retry_of` = the old one). */
  taskId: string;
  task: string;
  /** false: this run had been retried already (by this or another invocation); nothing new ran. */
  created: boolean;
}

/**
 * The id of the retry of run `id`, derived from that id alone: a run is retried at most once
 * (`task_runs_retry_of_idx` is unique), so two operators, a bulk retry and a single one, or
 * a retry repeated after a crash all submit this id, and the ledger (`on conflict do nothing`),
 * the `Nats-Msg-Id` and the worker's claim make it run once. Retrying the retry derives a new
 * id from the retry's own id: generation n+1 of the chain. Shaped as a UUID (version nibble 8).
 */
export function retryTaskId(id: string): string {
  const hex = createHash('sha256').update(`repowiki-retry\0${id}`).digest('hex');
  const variant = ((Number.parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

interface OldRun {
  id: string;
  name: string;
  state: string;
  payload: unknown;
  userId: string | null;
  correlationId: string | null;
  parentId: string | null;
  retriedAs: string | null;
}

/**
 * Re-submits a FAILURE or REVOKED run as a new run linked to it (`retry_of`), with the same
 * task, payload, user, correlation and parent. Idempotent (see `retryTaskId`): a run already
 * retried returns its retry with `created: false`, and its message is sent again only while
 * that retry is still PENDING (a publish that may have been lost).
 * @throws OpsError `not_found` (no such run), `conflict` (not FAILURE/REVOKED, or no payload kept)
 */
export async function retryRun(client: TaskClient, id: string): Promise<RetryOutcome> {
  const [old] = await client.db.ledgerSql<OldRun[]>`
    select t.id, t.name, t.state, t.payload, t.user_id as "userId", t.correlation_id as "correlationId",
           t.parent_id as "parentId", (select r.id from task_runs r where r.retry_of = t.id) as "retriedAs"
    from task_runs t where t.id = ${id}`;
  if (!old) throw new OpsError('not_found', `no run ${id}`);
  const taskId = retryTaskId(old.id);
  if (old.retriedAs && old.retriedAs !== taskId) {
    throw new OpsError('conflict', `run ${id} was retried as ${old.retriedAs} by another mechanism`);
  }
  if (!old.retriedAs && !RETRYABLE_STATES.includes(old.state as TaskState)) {
    throw new OpsError('conflict', `run ${id} is ${old.state}: only FAILURE or REVOKED runs are retried`);
  }
  if (old.payload === null || old.payload === undefined) {
    throw new OpsError(
      'conflict',
      `run ${id} (${old.name}) keeps no payload in the ledger: replay its dead letter instead`,
    );
  }
  if (old.retriedAs) {
    const [retry] = await client.db.ledgerSql<
      { state: string }[]
    >`select state from task_runs where id = ${taskId}`;
    if (retry?.state !== 'PENDING') return { retried: id, taskId, task: old.name, created: false };
  }
  const { created } = await client.submitRun(old.name, old.payload, {
    taskId,
    retryOf: old.id,
    ...(old.userId ? { userId: old.userId } : {}),
    ...(old.correlationId ? { correlationId: old.correlationId } : {}),
    ...(old.parentId ? { parentId: old.parentId } : {}),
  });
  return { retried: id, taskId, task: old.name, created };
}

/** Runs a bulk retry would act on: FAILURE/REVOKED (narrowed by `filter.states`), not yet retried. */
export function retryableRuns(client: TaskClient, filter: RunFilter, limit: number): Promise<string[]> {
  return matchRunIds(client.db.ledgerSql, filter, RETRYABLE_STATES, limit, { notRetried: true });
}

/**
 * Retries each run (see `retryRun`), 8 at a time. Two bulk retries at once act on the same
 * runs with the same derived ids: each run is retried once, and `created` is true in exactly
 * one of the two answers. A run that cannot be retried (no payload kept) is reported, not thrown.
 */
export async function retryRuns(
  client: TaskClient,
  ids: readonly string[],
): Promise<(RetryOutcome | { retried: string; error: string })[]> {
  const out: (RetryOutcome | { retried: string; error: string })[] = new Array(ids.length);
  let next = 0;
  const lane = async () => {
    while (next < ids.length) {
      const i = next++;
      const id = ids[i]!;
      try {
        out[i] = await retryRun(client, id);
      } catch (e: unknown) {
        if (!(e instanceof OpsError)) throw e;
        out[i] = { retried: id, error: e.message };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(8, ids.length) }, lane));
  return out;
}
