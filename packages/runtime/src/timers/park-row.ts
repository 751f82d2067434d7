import type { JsMsg } from '@nats-io/jetstream';
import type { MsgHdrs } from '@nats-io/nats-core';
import { HEADERS } from '@repowiki/contracts';
import { decodedHeaders } from '../nats/decoded-headers.js';
import { QUEUED_SINCE_HEADER } from './republish.js';

/** One delivery to put aside, as stored in `task_timers`. */
export interface ParkRow {
  stream: string;
  sourceSeq: number;
  subject: string;
  taskId: string;
  /** Throttled rows always have one ('' when the header was empty). */
  userId: string | null;
  kind: 'due' | 'throttled';
  dueAt: Date;
  headers: Buffer;
  body: Buffer;
}

/**
 * The headers the released message carries: the task's own ones (id, user, correlation,
 * parent, submitted-at) and the task id made explicit, so a message published without a
 * `Task-Id` keeps its identity. Dropped: `Nats-*` (the release sets its own `Nats-Msg-Id`)
 * `Task-Not-Before` (a released message is due; keeping it would park it again when two
 * machines' clocks disagree by a few ms) and `Task-Queued-Since` (set again on release).
 */
export function releasedHeaders(headers: MsgHdrs | undefined, taskId: string): [string, string][] {
  const out: [string, string][] = [];
  const notBefore = HEADERS.notBefore.toLowerCase();
  const taskIdHeader = HEADERS.taskId.toLowerCase();
  const queuedSince = QUEUED_SINCE_HEADER.toLowerCase();
  for (const [name, values] of headers ?? []) {
    const lower = name.toLowerCase();
    if (lower.startsWith('nats-') || lower === notBefore || lower === taskIdHeader || lower === queuedSince)
      continue;
    for (const v of values) out.push([name, v]);
  }
  out.push([HEADERS.taskId, taskId]);
  return out;
}

/** Text columns reject NUL: a hostile header must not fail the batch it is written in. */
const noNul = (s: string) => s.replaceAll('\u0000', '\ufffd');

export function parkRow(
  m: JsMsg,
  taskId: string,
  userId: string | null,
  kind: ParkRow['kind'],
  dueAt: Date,
): ParkRow {
  return {
    stream: m.info.stream,
    sourceSeq: m.seq,
    subject: m.subject,
    taskId: noNul(taskId),
    userId: userId === null ? null : noNul(userId),
    kind,
    dueAt,
    headers: Buffer.from(JSON.stringify(releasedHeaders(decodedHeaders(m), taskId))),
    body: Buffer.from(m.data),
  };
}

/** A released throttled delivery's original queue time (see QUEUED_SINCE_HEADER). */
export function queuedSince(m: JsMsg): Date | null {
  const v = decodedHeaders(m)?.get(QUEUED_SINCE_HEADER);
  if (!v) return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}
