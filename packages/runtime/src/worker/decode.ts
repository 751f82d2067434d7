import type { JsMsg } from '@nats-io/jetstream';
import { type DlqCode, formatValidationError, HEADERS, type TaskDefinition } from '@repowiki/contracts';
import type { Topology } from '../nats/topology.js';

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
  // One pass over the headers: each `MsgHdrs.get` copies the key list and filters it, seven
  // of them were ~2.4 KB of garbage per delivery. Same matching as `get` (exact key, first
  // value).
  let taskId = '';
  let msgId = '';
  let userId = '';
  let correlationId = '';
  let parentId = '';
  let submittedAt = '';
  let notBefore = '';
  let expires = '';
  const h = m.headers;
  if (h) {
    for (const [key, values] of h as unknown as Iterable<[string, string[]]>) {
      const v = values[0] ?? '';
      switch (key) {
        case HEADERS.taskId:
          taskId = v;
          break;
        case HEADERS.msgId:
          msgId = v;
          break;
        case HEADERS.userId:
          userId = v;
          break;
        case HEADERS.correlationId:
          correlationId = v;
          break;
        case HEADERS.parentId:
          parentId = v;
          break;
        case HEADERS.submittedAt:
          submittedAt = v;
          break;
        case HEADERS.notBefore:
          notBefore = v;
          break;
        case HEADERS.expires:
          expires = v;
          break;
      }
    }
  }
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
