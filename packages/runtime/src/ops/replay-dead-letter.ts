import { createHash } from 'node:crypto';
import type { JetStreamManager } from '@nats-io/jetstream';
import { resolveTaskSubject } from '@repowiki/contracts';
import type { TaskClient } from '../client/task-client.js';
import type { Topology } from '../nats/topology.js';
import { type DeadLetter, getDeadLetter } from './dead-letters.js';
import { OpsError } from './ops.errors.js';

export interface Replayed {
  taskId: string;
  subject: string;
}

/** What a replay needs: the DLQ (read, delete) and a producer (ledger row + publish). */
export interface ReplayDeps {
  jsm: JetStreamManager;
  topology: Topology;
  client: TaskClient;
}

/**
 * The id a dead letter is replayed under, derived from the entry alone (its dead task id, DLQ
 * sequence and stored time): two operators, or a replay retried after a crash, submit the
 * same id, so the ledger row (`on conflict do nothing`), the `Nats-Msg-Id` and the worker's
 * claim make the task run once. Not the dead task's own id: that row is final and would be
 * acked without running. Shaped as a UUID (version nibble 8, "custom").
 */
export function replayTaskId(d: Pick<DeadLetter, 'taskId' | 'seq' | 'deadAt'>): string {
  const hex = createHash('sha256')
    .update(`repowiki-dlq-replay\0${d.taskId ?? ''}\0${d.seq}\0${d.deadAt}`)
    .digest('hex');
  const variant = ((Number.parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Re-submits dead letter `seq` as a new task (parent id = the dead task), then removes it from
 * the DLQ. Idempotent: replaying one entry twice, at once or after a crash, runs it once.
 */
export async function replayDeadLetter(deps: ReplayDeps, seq: number): Promise<Replayed> {
  return replayLetter(deps, await getDeadLetter(deps.jsm, deps.topology, seq));
}

/**
 * Replays one dead letter as read (by a list or a bulk replay): two bulk replays at once
 * derive the same ids from the same entries, so each runs once, and the second delete of an
 * entry finds it gone, which is the same outcome.
 */
export async function replayLetter(deps: ReplayDeps, d: DeadLetter): Promise<Replayed> {
  const { jsm, topology, client } = deps;
  const seq = d.seq;
  const subject = d.code === 'unknown_subject' ? undefined : resolveTaskSubject(d.task);
  if (!subject)
    throw new OpsError('invalid', `dead letter ${seq} has no known task (${d.task}): cannot replay`);
  let payload: unknown;
  try {
    payload = JSON.parse(d.data);
  } catch {
    throw new OpsError('invalid', `payload of dead letter ${seq} is not valid JSON: cannot replay`);
  }
  const taskId = await client.submitAny(subject, payload, {
    taskId: replayTaskId(d),
    ...(d.taskId ? { parentId: d.taskId } : {}),
    ...(d.userId ? { userId: d.userId } : {}),
  });
  // Only after the new task is published: a failed replay leaves the dead letter in place.
  // Another replay of the same entry may have removed it already: that is the same outcome.
  await jsm.streams.deleteMessage(topology.dlqStream, seq).catch((e: unknown) => {
    if (!/no message found|not found/i.test(String((e as Error)?.message))) throw e;
  });
  return { taskId, subject };
}
