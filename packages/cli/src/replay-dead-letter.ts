import { createHash } from 'node:crypto';
import type { TaskClient } from '@repowiki/runtime/client';
import { usageError } from './cli.errors.js';
import type { Connections } from './connections.js';
import { type DeadLetter, getDeadLetter } from './dlq.js';
import { parseJsonArg, taskSubjectOf } from './task-name.js';

export interface Replayed {
  taskId: string;
  subject: string;
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
export async function replayDeadLetter(conn: Connections, seq: number): Promise<Replayed> {
  return replayLetter(conn, await getDeadLetter(await conn.jsm(), conn.topology, seq));
}

/**
 * Replays one dead letter as read (by `dlq list` or a bulk replay): two bulk replays at once
 * derive the same ids from the same entries, so each runs once, and the second delete of an
 * entry finds it gone, which is the same outcome.
 */
export async function replayLetter(conn: Connections, d: DeadLetter): Promise<Replayed> {
  const seq = d.seq;
  const jsm = await conn.jsm();
  if (d.code === 'unknown_subject')
    throw usageError(`dead letter ${seq} has no known task (${d.task}): cannot replay`);
  const subject = taskSubjectOf(d.task);
  const payload = parseJsonArg(d.data, `payload of dead letter ${seq}`);
  const client = await conn.client();
  const taskId = await client.submitAny(subject, payload, {
    taskId: replayTaskId(d),
    ...(d.taskId ? { parentId: d.taskId } : {}),
    ...(d.userId ? { userId: d.userId } : {}),
  });
  // Only after the new task is published: a failed replay leaves the dead letter in place.
  // Another replay of the same entry may have removed it already: that is the same outcome.
  await jsm.streams.deleteMessage(conn.topology.dlqStream, seq).catch((e: unknown) => {
    if (!/no message found|not found/i.test(String((e as Error)?.message))) throw e;
  });
  return { taskId, subject, client };
}
