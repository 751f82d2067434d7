import { type MsgHdrs, MsgHdrsImpl, headers as natsHeaders } from '@nats-io/nats-core';
import { HEADERS } from '@repowiki/contracts';
import type { BufferedMessage } from '../nats/publish-buffer.js';

/** What a task's message is built from: the ledger's PENDING row. */
export interface TaskMessageSource {
  id: string;
  /** Wire subject (namespaced). */
  subject: string;
  /** The payload as JSON text, exactly as submitted. */
  body: string;
  userId: string | null;
  correlationId: string | null;
  parentId: string | null;
  notBefore: Date | null;
  /** Not started by then: ends REVOKED (`expired`). */
  expiresAt?: Date | null;
  submittedAt: Date;
}

export interface TaskMessage extends BufferedMessage {
  headers: MsgHdrs;
}

/**
 * The message of a task, built from its ledger row only, so that a re-publish (after a lost
 * PubAck, by the pending sweep, by a DLQ replay) carries the same id and headers as the first.
 */
export function taskMessage(src: TaskMessageSource): TaskMessage {
  const record: Record<string, [string]> = {
    [HEADERS.taskId]: [src.id],
    [HEADERS.msgId]: [src.id],
    [HEADERS.submittedAt]: [src.submittedAt.toISOString()],
  };
  if (src.userId) record[HEADERS.userId] = [src.userId];
  if (src.correlationId) record[HEADERS.correlationId] = [src.correlationId];
  if (src.parentId) record[HEADERS.parentId] = [src.parentId];
  if (src.notBefore) record[HEADERS.notBefore] = [src.notBefore.toISOString()];
  if (src.expiresAt) record[HEADERS.expires] = [src.expiresAt.toISOString()];
  return { subject: src.subject, data: src.body, msgId: src.id, headers: buildHeaders(record) };
}

/** CR or LF: not allowed in a header value (MsgHdrs.set throws on them). */
const LINE_BREAK = /[\r\n]/;

/**
 * The headers of `record` (canonical keys, one value each) in one step. `MsgHdrs.set` scans
 * and copies the key list twice and canonicalises the key through a char array on every
 * call: seven calls were most of a submit's header garbage. Values are trimmed as `set`
 * trims them; a value with a line break goes through `set`, which refuses it with its own
 * error. Takes `record` over (its arrays become the headers' own).
 */
export function buildHeaders(record: Record<string, [string]>): MsgHdrs {
  for (const key in record) {
    const values = record[key]!;
    if (LINE_BREAK.test(values[0])) {
      const h = natsHeaders();
      for (const k in record) h.set(k, record[k]![0]);
      return h;
    }
    values[0] = values[0].trim();
  }
  return MsgHdrsImpl.fromRecord(record);
}
