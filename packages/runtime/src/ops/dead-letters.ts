import type { JetStreamManager, StoredMsg, StreamInfo } from '@nats-io/jetstream';
import { HEADERS } from '@repowiki/contracts';
import type { Topology } from '../nats/topology.js';
import { OpsError } from './ops.errors.js';

export interface DeadLetter {
  seq: number;
  /** Catalog subject of the task, e.g. `tasks.warehouse.process`. */
  task: string;
  taskId: string | null;
  reason: string;
  code: string | null;
  attempts: number | null;
  userId: string | null;
  deadAt: string;
  /** The original payload as text (it may not be JSON: that can be why it is here). */
  data: string;
  /** The DLQ subject it is stored under (`dlq.<queue>.<task>`). */
  subject: string;
  /** Every header of the dead letter: the original task's and the `Dlq-*` ones. */
  headers: Record<string, string[]>;
  /** Size of the original payload, bytes. */
  bytes: number;
}

export function toDeadLetter(m: StoredMsg, topology: Topology): DeadLetter {
  const h = (name: string) => m.header.get(name) || null;
  const original = h(HEADERS.dlqOriginalSubject);
  // `dlq.<queue>.<task>` → `tasks.<queue>.<task>` when the header is missing.
  const fromDlq = topology.catalogSubject(m.subject)?.replace(/^dlq\./, 'tasks.') ?? m.subject;
  const attempts = h(HEADERS.dlqAttempts);
  return {
    seq: m.seq,
    task: (original && topology.catalogSubject(original)) ?? original ?? fromDlq,
    taskId: h(HEADERS.taskId),
    reason: h(HEADERS.dlqReason) ?? '',
    code: h(HEADERS.dlqCode),
    attempts: attempts === null ? null : Number(attempts),
    userId: h(HEADERS.userId),
    deadAt: m.time.toISOString(),
    data: m.string(),
    subject: m.subject,
    headers: Object.fromEntries([...(m.header?.keys() ?? [])].map((k) => [k, m.header.values(k)])),
    bytes: m.data.length,
  };
}

/** Dead letters oldest first; `queue` filters by `dlq.<queue>.*`. Scans by sequence (DLQs are small). */
export async function listDeadLetters(
  jsm: JetStreamManager,
  topology: Topology,
  options: { queue?: string | undefined; limit: number },
): Promise<DeadLetter[]> {
  let info: StreamInfo;
  try {
    info = await jsm.streams.info(topology.dlqStream);
  } catch (e: unknown) {
    if (/not found/i.test(String((e as Error)?.message))) return [];
    throw e;
  }
  const out: DeadLetter[] = [];
  const prefix = options.queue ? topology.dlqSubject(options.queue, '') : undefined;
  let seen = 0;
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && seen < info.state.messages; seq++) {
    const m = await getBySeq(jsm, topology, seq);
    if (!m) continue;
    seen++;
    if (prefix && !m.subject.startsWith(prefix)) continue;
    out.push(toDeadLetter(m, topology));
    if (out.length >= options.limit) break;
  }
  return out;
}

async function getBySeq(jsm: JetStreamManager, topology: Topology, seq: number): Promise<StoredMsg | null> {
  try {
    return await jsm.streams.getMessage(topology.dlqStream, { seq });
  } catch (e: unknown) {
    // A replayed (deleted) message leaves a hole in the sequence.
    if (/not found|no message/i.test(String((e as Error)?.message))) return null;
    throw e;
  }
}

export async function getDeadLetter(
  jsm: JetStreamManager,
  topology: Topology,
  seq: number,
): Promise<DeadLetter> {
  const m = await getBySeq(jsm, topology, seq).catch((e: unknown) => {
    if (/stream not found/i.test(String((e as Error)?.message))) return null;
    throw e;
  });
  if (!m) throw new OpsError('not_found', `no dead letter with sequence ${seq}`);
  return toDeadLetter(m, topology);
}

/**
 * Deletes dead letters: all, one queue's, or one task's of a queue. Idempotent: purging what is
 * already gone purges 0. Returns how many were deleted.
 */
export async function purgeDeadLetters(
  jsm: JetStreamManager,
  topology: Topology,
  options: { queue?: string | undefined; task?: string | undefined } = {},
): Promise<{ purged: number; filter: string | null }> {
  if (options.task && !options.queue) throw new Error('purging one task needs its queue');
  const filter = options.queue ? topology.dlqSubject(options.queue, options.task ?? '>') : null;
  try {
    const r = await jsm.streams.purge(topology.dlqStream, filter ? { filter } : undefined);
    return { purged: r.purged, filter };
  } catch (e: unknown) {
    if (/stream not found/i.test(String((e as Error)?.message))) return { purged: 0, filter };
    throw e;
  }
}
