import type { NatsConnection } from '@nats-io/nats-core';
import type { Sql } from 'postgres';
import type { Topology } from '../nats/topology.js';

export interface QueuePause {
  queue: string;
  pausedAt: Date;
  pausedBy: string | null;
}

/** Paused queues of a namespace (`tasks streams`, `tasks inspect`, the console). */
export async function pausedQueues(sql: Sql, namespace: string): Promise<QueuePause[]> {
  return sql<QueuePause[]>`
    select queue, paused_at as "pausedAt", paused_by as "pausedBy"
    from queue_pauses where namespace = ${namespace} order by queue`;
}

/**
 * Pauses or resumes a queue for every worker replica: the row in `queue_pauses` is the
 * truth (a worker starting later reads it), then the `repowiki.control.pause.<queue>`
 * broadcast makes running workers re-read it at once (they also re-read it every 2 s, in
 * case the broadcast is lost). Only the operator may publish it (contracts' bus-access.ts).
 * Resolves whether the state changed (false: it was already so).
 */
export async function setQueuePaused(
  sql: Sql,
  nc: NatsConnection,
  topology: Topology,
  queue: string,
  paused: boolean,
  pausedBy: string | null = null,
): Promise<{ changed: boolean }> {
  const rows = paused
    ? await sql`
        insert into queue_pauses (namespace, queue, paused_by) values (${topology.namespace}, ${queue}, ${pausedBy})
        on conflict (namespace, queue) do nothing returning queue`
    : await sql`
        delete from queue_pauses where namespace = ${topology.namespace} and queue = ${queue} returning queue`;
  // Even when nothing changed: a worker that missed the last notice re-reads now.
  nc.publish(topology.pauseSubject(queue), JSON.stringify({ queue, paused }));
  await nc.flush();
  return { changed: rows.length > 0 };
}
