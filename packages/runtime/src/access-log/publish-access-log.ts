import { randomUUID } from 'node:crypto';
import type { JetStreamClient } from '@nats-io/jetstream';
import { headers, type MsgHdrs } from '@nats-io/nats-core';
import { AccessEntrySchema, formatValidationError, HEADERS, TASKS } from '@repowiki/contracts';
import type { z } from 'zod';
import { InvalidPayloadError } from '../errors.js';
import { Topology } from '../nats/topology.js';

const RECORD = TASKS['tasks.accesslog.record'];

/** An access-log entry as a producer writes it (schema defaults not yet applied). */
export type AccessEntryInput = z.input<typeof AccessEntrySchema>;

export interface PublishAccessLogOptions {
  /** Becomes `Nats-Msg-Id` and the row's `message_id`. @default a random UUID */
  taskId?: string;
  /** Milliseconds to wait for the stream's PubAck. @default the client's (5_000) */
  timeoutMs?: number;
  /** NATS_NAMESPACE of the services (subjects are prefixed). @default '' */
  namespace?: string;
}

export interface PublishedAccessLog {
  taskId: string;
  /** Stream sequence of the stored message. */
  seq: number;
  /** True when the stream had already stored this task id (a re-publish within its duplicate window). */
  duplicate: boolean;
}

/** One validated `tasks.accesslog.record` message, ready to (re-)publish under one id. */
export interface AccessLogMessage {
  subject: string;
  data: string;
  /** The task id: `Nats-Msg-Id`, `Task-Id` and the row's `message_id`. */
  msgId: string;
  headers: MsgHdrs;
}

/**
 * Validates an entry and builds its message.
 * @throws InvalidPayloadError when the entry fails the catalog schema
 */
export function accessLogMessage(
  entry: AccessEntryInput,
  options: Pick<PublishAccessLogOptions, 'taskId' | 'namespace'> = {},
): AccessLogMessage {
  const parsed = RECORD.payload.safeParse({ entry });
  if (!parsed.success) throw new InvalidPayloadError(RECORD.subject, formatValidationError(parsed.error));
  const taskId = options.taskId ?? randomUUID();
  const h = headers();
  h.set(HEADERS.taskId, taskId);
  h.set(HEADERS.submittedAt, new Date().toISOString());
  if (parsed.data.entry.userId) h.set(HEADERS.userId, parsed.data.entry.userId);
  return {
    subject: new Topology(options.namespace).subject(RECORD.subject),
    data: JSON.stringify(parsed.data),
    msgId: taskId,
    headers: h,
  };
}

/**
 * Publishes one `tasks.accesslog.record` message to JetStream and waits for its PubAck. The
 * task id travels as `Nats-Msg-Id`, so a retried publish is dropped by the server, and
 * accesslog-svc stores it as the unique `message_id`: one request, one row. It throws when
 * NATS does not answer: a web tier that must not lose entries during a NATS restart uses
 * `createAccessLogPublisher` (buffered, re-sent until acknowledged) instead.
 * @throws InvalidPayloadError when the entry fails the catalog schema (nothing published)
 */
export async function publishAccessLog(
  js: JetStreamClient,
  entry: AccessEntryInput,
  options: PublishAccessLogOptions = {},
): Promise<PublishedAccessLog> {
  const m = accessLogMessage(entry, options);
  const ack = await js.publish(m.subject, m.data, {
    msgID: m.msgId,
    headers: m.headers,
    ...(options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs }),
  });
  return { taskId: m.msgId, seq: ack.seq, duplicate: ack.duplicate };
}
