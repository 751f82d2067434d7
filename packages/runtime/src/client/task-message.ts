import { type MsgHdrs, headers as natsHeaders } from '@nats-io/nats-core';
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
  const h = natsHeaders();
  h.set(HEADERS.taskId, src.id);
  h.set(HEADERS.msgId, src.id);
  h.set(HEADERS.submittedAt, src.submittedAt.toISOString());
  if (src.userId) h.set(HEADERS.userId, src.userId);
  if (src.correlationId) h.set(HEADERS.correlationId, src.correlationId);
  if (src.parentId) h.set(HEADERS.parentId, src.parentId);
  if (src.notBefore) h.set(HEADERS.notBefore, src.notBefore.toISOString());
  if (src.expiresAt) h.set(HEADERS.expires, src.expiresAt.toISOString());
  return { subject: src.subject, data: src.body, msgId: src.id, headers: h };
}
