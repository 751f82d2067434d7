import type { JsMsg } from '@nats-io/jetstream';
import { type DlqCode, formatValidationError, type TaskDefinition } from '@repowiki/contracts';
import type { Topology } from '../nats/topology.js';
import { readTaskHeaders } from './task-headers.js';

export interface Envelope {
  taskId: string;
  /** Catalog subject (namespace removed). */
  subject: string;
  userId: string | null;
  correlationId: string | null;
  parentId: string | null;
  submittedAt: Date | null;
  notBefore: Date | null;
  /** `Task-Expires`: not started by then, the task ends REVOKED unrun. */
  expiresAt: Date | null;
  /** Raw body as text, stored in the ledger. */
  body: string;
}

/** Throws on bytes that are not UTF-8 (such a payload is dead-lettered). */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

export type Decoded =
  | { ok: true; envelope: Envelope; task: TaskDefinition; payload: unknown }
  | { ok: false; envelope: Envelope; task: TaskDefinition | undefined; code: DlqCode; reason: string };

function date(value: string | undefined): Date | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Reads the envelope and validates the payload: the edge where bad input is caught. */
export function decode(
  m: JsMsg,
  topology: Topology,
  catalog: Readonly<Record<string, TaskDefinition>>,
  accepts: (subject: string) => boolean,
): Decoded {
  // The task headers, cut straight out of the raw header block (task-headers.ts): the
  // MsgHdrs that `m.headers` builds was the largest allocation of a delivery.
  const { taskId, msgId, userId, correlationId, parentId, submittedAt, notBefore, expires } =
    readTaskHeaders(m);
  const subject = topology.catalogSubject(m.subject) ?? m.subject;
  const envelope: Envelope = {
    // Messages published by other clients may carry only Nats-Msg-Id, or nothing: the
    // stream sequence is stable across redeliveries.
    taskId: taskId || msgId || `${m.info.stream}:${m.seq}`,
    subject,
    userId: userId || null,
    correlationId: correlationId || null,
    parentId: parentId || null,
    submittedAt: date(submittedAt),
    notBefore: date(notBefore),
    expiresAt: date(expires),
    body: '',
  };
  try {
    envelope.body = UTF8.decode(m.data);
  } catch {
    envelope.body = Buffer.from(m.data).toString('base64');
    return {
      ok: false,
      envelope,
      task: catalog[subject],
      code: 'invalid_json',
      reason: 'payload is not UTF-8 text',
    };
  }
  const task = catalog[subject];
  if (!task || !accepts(subject)) {
    return {
      ok: false,
      envelope,
      task,
      code: 'unknown_subject',
      reason: `no handler for subject "${subject}"`,
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(envelope.body);
  } catch (e) {
    return {
      ok: false,
      envelope,
      task,
      code: 'invalid_json',
      reason: `payload is not JSON: ${(e as Error).message}`,
    };
  }
  const parsed = task.payload.safeParse(json);
  if (!parsed.success) {
    return {
      ok: false,
      envelope,
      task,
      code: 'invalid_payload',
      reason: formatValidationError(parsed.error),
    };
  }
  return { ok: true, envelope, task, payload: parsed.data };
}
