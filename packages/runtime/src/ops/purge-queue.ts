import type { JetStreamManager } from '@nats-io/jetstream';
import type { Queue } from '@repowiki/contracts';
import type { Sql } from 'postgres';
import type { Topology } from '../nats/topology.js';

export interface PurgeOutcome {
  queue: string;
  stream: string;
  /** Messages removed from the queue's stream. */
  purgedMessages: number;
  /** Queued runs (PENDING, RETRY) of the queue now REVOKED `purged`. */
  revokedRuns: number;
  /** Parked deliveries (countdown/ETA, retry backoff, throttled) of the queue dropped. */
  droppedTimers: number;
}

/**
 * Empties a queue (`celery purge`): every task waiting in it will not run. In this order
 * (MUST): queued ledger rows become REVOKED first, so that a copy that escapes (a release
 * from `task_timers`, a re-publish by the pending sweep) is refused by the claim; then the
 * stream is purged and its parked deliveries deleted. Running tasks are left to finish.
 * The ledger has no namespace: one ledger database serves one namespace (runtime README).
 *
 * A task submitted while the purge runs is not part of it: its PENDING row may be committed
 * after the revoke and its message removed by the stream purge. Such a row is an orphan like
 * any other, so the pending sweep re-publishes it once it is 60 s old and it runs then. It
 * never stays PENDING for good: it ends REVOKED `purged` or it runs, up to a minute late.
 */
export async function purgeQueue(
  sql: Sql,
  jsm: JetStreamManager,
  topology: Topology,
  queue: Queue,
): Promise<PurgeOutcome> {
  const stream = topology.taskStream(queue);
  const error = '{"name":"TaskRevokedError","message":"purged from its queue","code":"purged"}';
  const revoked = await sql`
    update task_runs set state = 'REVOKED', error = ${error}::jsonb, finished_at = now(),
      revoke_requested_at = coalesce(revoke_requested_at, now()), updated_at = now()
    where queue = ${queue} and state in ('PENDING', 'RETRY')`;
  let purgedMessages = 0;
  try {
    purgedMessages = (await jsm.streams.purge(stream)).purged;
  } catch (e: unknown) {
    if (!/stream not found/i.test(String((e as Error)?.message))) throw e;
  }
  const timers = await sql`delete from task_timers where stream = ${stream}`;
  return { queue, stream, purgedMessages, revokedRuns: revoked.count, droppedTimers: timers.count };
}
