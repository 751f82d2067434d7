import { randomUUID } from 'node:crypto';
import type { JetStreamClient } from '@nats-io/jetstream';
import { headers } from '@nats-io/nats-core';
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

/**
 * Publishes one `tasks.accesslog.record` message to JetStream. The task id travels as
 * `Nats-Msg-Id`, so a retried publish is dropped by the server, and accesslog-svc stores
 * it as the unique `message_id`: one request, one row.
 * @throws InvalidPayloadError when the entry fails the catalog schema (nothing published)
 */
export async function publishAccessLog(
  js: JetStreamClient,
  entry: AccessEntryInput,
  options: PublishAccessLogOptions = {},
): Promise<PublishedAccessLog> {
  const parsed = RECORD.payload.safeParse({ entry });
  if (!parsed.success) throw new InvalidPayloadError(RECORD.subject, formatValidationError(parsed.error));
  const taskId = options.taskId ?? randomUUID();
  const h = headers();
  h.set(HEADERS.taskId, taskId);
  h.set(HEADERS.submittedAt, new Date().toISOString());
  if (parsed.data.entry.userId) h.set(HEADERS.userId, parsed.data.entry.userId);
  const ack = await js.publish(
    new Topology(options.namespace).subject(RECORD.subject),
    JSON.stringify(parsed.data),
    {
      msgID: taskId,
      headers: h,
      ...(options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs }),
    },
  );
  return { taskId, seq: ack.seq, duplicate: ack.duplicate };
}
