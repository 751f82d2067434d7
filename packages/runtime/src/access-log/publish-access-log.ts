import { randomUUID } from 'node:crypto';
import type { JetStreamClient } from '@nats-io/jetstream';
import { headers, type MsgHdrs } from '@nats-io/nats-core';
import {
  type AccessEntry,
  AccessEntrySchema,
  formatValidationError,
  HEADERS,
  TASKS,
} from '@repowiki/contracts';
import type { z } from 'zod';
import { InvalidPayloadError } from '../errors.js';
import { Topology } from '../nats/topology.js';

const RECORD = TASKS['tasks.accesslog.record'];

/** An access-log entry as a producer writes it (schema defaults not yet applied). */
export type AccessEntryInput = z.input<typeof AccessEntrySchema>;

export interface PublishAccessLogOptions {
  /** The entry's id: the row's unique `message_id` (and here also the message's `Nats-Msg-Id`). @default a random UUID */
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
  /** True when the stream had already stored this message id (a re-publish within its duplicate window). */
  duplicate: boolean;
}

/** One validated entry with its id, and its JSON as it goes into a message. */
export interface AccessLogItem {
  id: string;
  entry: AccessEntry;
  /** `{"id":…,"entry":…}`: the element of the message's `entries` array. */
  json: string;
}

/** One `tasks.accesslog.record` message carrying one or more entries, ready to (re-)publish under one id. */
export interface AccessLogMessage {
  subject: string;
  data: string;
  /** The message's `Nats-Msg-Id` and `Task-Id`: the same on every re-send. */
  msgId: string;
  headers: MsgHdrs;
  /** The entries it carries (each with its own id). */
  items: readonly AccessLogItem[];
}

/**
 * Validates an entry (defaults applied) and gives it its id.
 * @throws InvalidPayloadError when the entry fails the catalog schema
 */
export function accessLogItem(entry: AccessEntryInput, id: string = randomUUID()): AccessLogItem {
  const parsed = AccessEntrySchema.safeParse(entry);
  if (!parsed.success) throw new InvalidPayloadError(RECORD.subject, formatValidationError(parsed.error));
  return { id, entry: parsed.data, json: JSON.stringify({ id, entry: parsed.data }) };
}

/**
 * Builds one batched message (`{ entries: [{ id, entry }, …] }`, see AccessLogBatchPayloadSchema)
 * from validated items. The caller keeps within ACCESS_LOG_MAX_ENTRIES / _MAX_MESSAGE_BYTES.
 */
export function accessLogMessage(
  items: readonly AccessLogItem[],
  options: { msgId?: string; namespace?: string } = {},
): AccessLogMessage {
  const msgId = options.msgId ?? randomUUID();
  const h = headers();
  h.set(HEADERS.taskId, msgId);
  h.set(HEADERS.submittedAt, new Date().toISOString());
  let data = '{"entries":[';
  for (let i = 0; i < items.length; i++) data += i === 0 ? items[i]!.json : `,${items[i]!.json}`;
  data += ']}';
  return { subject: new Topology(options.namespace).subject(RECORD.subject), data, msgId, headers: h, items };
}

/**
 * Publishes entries as ONE `tasks.accesslog.record` message and waits for its PubAck. Each
 * entry keeps its own id (the row's unique `message_id`), so a retried publish stores each
 * entry once; the message id (`Nats-Msg-Id`) lets the server drop a re-publish within its
 * duplicate window. Throws when NATS does not answer: a web tier that must not lose entries
 * during a NATS restart uses `createAccessLogPublisher` (batched, buffered, re-sent) instead.
 * @throws InvalidPayloadError when an entry fails the catalog schema (nothing published)
 */
export async function publishAccessLogs(
  js: JetStreamClient,
  entries: readonly { id?: string; entry: AccessEntryInput }[],
  options: Omit<PublishAccessLogOptions, 'taskId'> & { msgId?: string } = {},
): Promise<{ ids: string[]; seq: number; duplicate: boolean }> {
  const items = entries.map((e) => accessLogItem(e.entry, e.id));
  const m = accessLogMessage(items, options);
  const ack = await js.publish(m.subject, m.data, {
    msgID: m.msgId,
    headers: m.headers,
    ...(options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs }),
  });
  return { ids: items.map((i) => i.id), seq: ack.seq, duplicate: ack.duplicate };
}

/**
 * Publishes one entry (a message of one) and waits for its PubAck; `taskId` is the entry's id
 * and the message's. See `publishAccessLogs`.
 * @throws InvalidPayloadError when the entry fails the catalog schema (nothing published)
 */
export async function publishAccessLog(
  js: JetStreamClient,
  entry: AccessEntryInput,
  options: PublishAccessLogOptions = {},
): Promise<PublishedAccessLog> {
  const id = options.taskId ?? randomUUID();
  const { taskId: _, ...rest } = options;
  const { seq, duplicate } = await publishAccessLogs(js, [{ id, entry }], { ...rest, msgId: id });
  return { taskId: id, seq, duplicate };
}
