import { createHash } from 'node:crypto';
import type { JetStreamManager } from '@nats-io/jetstream';
import { isTaskSubject } from '@repowiki/contracts';
import type { TaskClient } from '../client/task-client.js';
import type { DeadLetter } from './dead-letters.js';
import { OpsError } from './ops.errors.js';

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
 * Re-submits a dead letter (as read by `listDeadLetters` / `getDeadLetter`) as a new task
 * whose parent is the dead task, then removes it from the DLQ. Idempotent: replaying one
 * entry twice, at once or after a crash, runs it once; a second delete finds it gone, which
 * is the same outcome. A failed submit leaves the dead letter in place.
 * @throws OpsError `invalid` (no known task, or a payload that is not JSON: it stays)
 */
export async function replayDeadLetter(
  client: TaskClient,
  jsm: JetStreamManager,
  d: DeadLetter,
): Promise<{ taskId: string; subject: string }> {
  if (d.code === 'unknown_subject' || !isTaskSubject(d.task))
    throw new OpsError('invalid', `dead letter ${d.seq} has no known task (${d.task}): cannot replay`);
  let payload: unknown;
  try {
    payload = JSON.parse(d.data);
  } catch {
    const text = d.data.length > 60 ? `${d.data.slice(0, 60)}…` : d.data;
    throw new OpsError('invalid', `payload of dead letter ${d.seq} is not valid JSON: ${text}`);
  }
  const taskId = await client.submitAny(d.task, payload, {
    taskId: replayTaskId(d),
    ...(d.taskId ? { parentId: d.taskId } : {}),
    ...(d.userId ? { userId: d.userId } : {}),
  });
  // Only after the new task is published.
  await jsm.streams.deleteMessage(client.topology.dlqStream, d.seq).catch((e: unknown) => {
    if (!/no message found|not found/i.test(String((e as Error)?.message))) throw e;
  });
  return { taskId, subject: d.task };
}
