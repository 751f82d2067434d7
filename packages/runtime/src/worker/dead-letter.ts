import type { JetStreamClient, JsMsg } from '@nats-io/jetstream';
import { type NatsConnection, headers as natsHeaders } from '@nats-io/nats-core';
import { type DlqCode, HEADERS } from '@repowiki/contracts';
import { decodedHeaders } from '../nats/decoded-headers.js';
import type { Topology } from '../nats/topology.js';
import { readTaskHeaders, TASK_HEADER_FIELDS } from './task-headers.js';

export interface DeadLetter {
  queue: string;
  task: string;
  catalogSubject: string;
  taskId: string;
  code: DlqCode;
  reason: string;
  attempts: number;
  /**
   * One part of the message (one bad entry of a batched message) instead of the whole: the
   * entry holds the part's own bytes, a `Dlq-Part` header and the msg id `dlq:<taskId>#<index>`,
   * so the same part of a redelivered message is dropped as a duplicate.
   */
  part?: { index: number; data: string | Uint8Array };
}

/**
 * Copies the message to the DLQ stream with the reason and its original headers and bytes
 * (headers nats.js cannot decode are left out).
 * Resolves once the DLQ stream has stored it: only then may the original be terminated.
 * Its `Nats-Msg-Id` is `dlq:<taskId>`: a redo after a crash (the entry was stored, the
 * ledger write or the terminate was not) is dropped as a duplicate, so a task has one entry.
 */
export async function deadLetter(
  js: JetStreamClient,
  topology: Topology,
  m: JsMsg,
  dl: DeadLetter,
): Promise<void> {
  const h = natsHeaders();
  // Headers nats.js cannot decode are left out: the entry still gets the ones below.
  const original = decodedHeaders(m);
  if (original) {
    for (const [key, values] of original) {
      // The DLQ entry has its own message id (below), not the task message's.
      if (key === HEADERS.msgId) continue;
      for (const v of values) h.append(key, v);
    }
  } else {
    // Undecodable (a key nats.js refuses): the task headers are still read from its bytes,
    // so a replay keeps the user, correlation, parent and timing of the task.
    const t = readTaskHeaders(m);
    for (const field of TASK_HEADER_FIELDS) {
      if (field !== 'msgId' && t[field] !== '') h.set(HEADERS[field], t[field]);
    }
  }
  h.set(HEADERS.taskId, dl.taskId);
  h.set(HEADERS.dlqCode, dl.code);
  // Header values cannot hold newlines.
  h.set(HEADERS.dlqReason, dl.reason.replace(/[\r\n]+/g, ' ').slice(0, 2_000));
  h.set(HEADERS.dlqOriginalSubject, dl.catalogSubject);
  h.set(HEADERS.dlqStream, m.info.stream);
  h.set(HEADERS.dlqStreamSeq, String(m.seq));
  h.set(HEADERS.dlqAttempts, String(dl.attempts));
  if (dl.part) h.set(HEADERS.dlqPart, String(dl.part.index));
  const queue = /^[a-z0-9-]+$/.test(dl.queue) ? dl.queue : 'unknown';
  const task = /^[a-z0-9-]+$/.test(dl.task) ? dl.task : 'unknown';
  const msgID = dl.part ? `${dlqMsgId(dl.taskId)}#${dl.part.index}` : dlqMsgId(dl.taskId);
  await js.publish(topology.dlqSubject(queue, task), dl.part ? dl.part.data : m.data, { headers: h, msgID });
}

/** Deterministic DLQ message id of a task: one entry per task within the duplicate window. */
export function dlqMsgId(taskId: string): string {
  return `dlq:${taskId}`;
}

/**
 * Terminates a delivery so that the server never redelivers it. nats-server before 2.10
 * ignores `term(reason)` (the message comes back every ack-wait, measured on 2.9), so the
 * reason is passed only to servers that honour it.
 */
export function terminate(m: JsMsg, nc: NatsConnection, reason: string): void {
  if (serverHonoursTermReason(nc.info?.version)) m.term(reason);
  else m.term();
}

/** True for nats-server ≥ 2.10 (`term` with a reason). */
export function serverHonoursTermReason(version: string | undefined): boolean {
  const [major = 0, minor = 0] = (version ?? '').split('.').map((p) => Number.parseInt(p, 10) || 0);
  return major > 2 || (major === 2 && minor >= 10);
}
