import {
  AckPolicy,
  DeliverPolicy,
  type JetStreamManager,
  RetentionPolicy,
  StorageType,
  type StreamConfig,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/nats-core';
import type { Queue, StreamDefinition } from '@repowiki/contracts';
import type { Topology } from './topology.js';

/**
 * JetStream redelivers a delivery nobody acked or heartbeated for this long. Workers
 * heartbeat every held delivery each third of it, so it bounds how long a killed worker's
 * tasks wait for another replica (kill -9 → redelivery in at most this), while an event
 * loop stall up to two thirds of it goes unnoticed. @default 6_000 (6 s)
 */
export const DEFAULT_ACK_WAIT_MS = 6_000;

/** A stream or consumer that does not exist (JetStream API codes 10059 and 10014). */
export function isNotFound(e: unknown): boolean {
  const code = (e as { code?: unknown; api_error?: { err_code?: number } })?.api_error?.err_code;
  return code === 10059 || code === 10014 || /not found/i.test(String((e as Error)?.message));
}

/** The server refused the request: this NATS user may not use that API subject. */
export function isPermissionDenied(e: unknown): boolean {
  const err = e as { name?: unknown; message?: unknown; cause?: unknown } | undefined;
  if (err?.name === 'PermissionViolationError') return true;
  if (/permissions violation/i.test(String(err?.message ?? ''))) return true;
  return err?.cause !== undefined && err.cause !== e && isPermissionDenied(err.cause);
}

/** What `ensureStream` did. */
export type EnsureOutcome = 'created' | 'updated' | 'unchanged' | 'update-not-permitted';

/**
 * Creates the stream, or updates it to the declared config when it differs. Safe to run
 * from every replica. A NATS user may be allowed to create a stream but not to change it
 * (services and shared streams, see contracts' bus-access.ts): then the stream is used as it
 * is and the outcome says so; `tasks streams --apply` (operator) brings it in line.
 *
 * Replicas and max bytes are part of the declaration only when set (NATS_STREAM_REPLICAS,
 * NATS_*_MAX_BYTES): unset, an existing stream keeps its own. Raising replicas (R1 → R3) is an
 * update in place: the leader copies its messages to the new peers, none is lost. Storage is
 * fixed at creation (JetStream refuses to change it): an existing stream keeps its storage.
 */
export async function ensureStream(jsm: JetStreamManager, def: StreamDefinition): Promise<EnsureOutcome> {
  const config: Partial<StreamConfig> & { name: string } = {
    name: def.name,
    subjects: [...def.subjects],
    retention: def.retention === 'workqueue' ? RetentionPolicy.Workqueue : RetentionPolicy.Limits,
    storage: def.storage === 'memory' ? StorageType.Memory : StorageType.File,
    max_age: nanos(def.maxAgeMs),
    duplicate_window: nanos(def.duplicateWindowMs),
    description: def.description,
    ...(def.replicas !== undefined ? { num_replicas: def.replicas } : {}),
    ...(def.maxBytes !== undefined ? { max_bytes: def.maxBytes } : {}),
  };
  try {
    const info = await jsm.streams.info(def.name);
    config.storage = info.config.storage;
    if (sameConfig(info.config, config)) return 'unchanged';
  } catch (e) {
    if (!isNotFound(e)) throw e;
    try {
      await jsm.streams.add(config);
      return 'created';
    } catch (addErr) {
      // Another replica created it between our info and add: fall through to update.
      if (!/already in use|exists/i.test(String((addErr as Error).message))) throw explain(addErr, def);
      config.storage = (await jsm.streams.info(def.name)).config.storage;
    }
  }
  try {
    await jsm.streams.update(def.name, config);
    return 'updated';
  } catch (e) {
    if (isPermissionDenied(e)) return 'update-not-permitted';
    throw explain(e, def);
  }
}

/** A refusal caused by NATS_STREAM_REPLICAS (e.g. R3 on a single server) names the variable. */
function explain(e: unknown, def: StreamDefinition): unknown {
  const message = String((e as Error)?.message ?? e);
  if (def.replicas === undefined || !/replica|peer|cluster/i.test(message)) return e;
  return new Error(`stream ${def.name} with NATS_STREAM_REPLICAS=${def.replicas}: ${message}`, { cause: e });
}

function sameConfig(actual: Partial<StreamConfig>, declared: Partial<StreamConfig>): boolean {
  const subjects = (a: readonly string[] | undefined) => [...(a ?? [])].sort().join(' ');
  return (
    subjects(actual.subjects) === subjects(declared.subjects) &&
    actual.retention === declared.retention &&
    actual.storage === declared.storage &&
    actual.max_age === declared.max_age &&
    actual.duplicate_window === declared.duplicate_window &&
    (actual.description ?? '') === declared.description &&
    (declared.num_replicas === undefined || actual.num_replicas === declared.num_replicas) &&
    (declared.max_bytes === undefined || actual.max_bytes === declared.max_bytes)
  );
}

/**
 * Ensures the streams named in `only` (every declared stream when omitted), in declaration
 * order. Returns the names of those left different from their declaration because this
 * NATS user may not update them.
 */
export async function ensureStreams(
  jsm: JetStreamManager,
  topology: Topology,
  only?: readonly string[],
): Promise<string[]> {
  const drifted: string[] = [];
  for (const def of topology.streams()) {
    if (only && !only.includes(def.name)) continue;
    if ((await ensureStream(jsm, def)) === 'update-not-permitted') drifted.push(def.name);
  }
  return drifted;
}

export interface WorkerConsumerOptions {
  /** Redelivery after this long without ack or heartbeat. @default DEFAULT_ACK_WAIT_MS (6 s) */
  ackWaitMs?: number;
  /** Cluster-wide cap of messages handed out and not yet acked. @default 1_000 */
  maxAckPending?: number;
}

/** The durable pull consumer a service's replicas share on their queue. */
export async function ensureWorkerConsumer(
  jsm: JetStreamManager,
  topology: Topology,
  queue: Queue,
  options: WorkerConsumerOptions = {},
): Promise<{ stream: string; consumer: string }> {
  const stream = topology.taskStream(queue);
  const name = topology.consumer(queue);
  const config = {
    durable_name: name,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    filter_subject: topology.subject(`tasks.${queue}.>`),
    // Retries are counted in the ledger, not by JetStream: delayed tasks and per-user
    // throttling nak without burning an attempt.
    max_deliver: -1,
    ack_wait: nanos(options.ackWaitMs ?? DEFAULT_ACK_WAIT_MS),
    max_ack_pending: options.maxAckPending ?? 1_000,
    max_waiting: 512,
  };
  try {
    await jsm.consumers.info(stream, name);
    await jsm.consumers.update(stream, name, {
      ack_wait: config.ack_wait,
      max_ack_pending: config.max_ack_pending,
      max_deliver: config.max_deliver,
    });
  } catch (e) {
    if (!isNotFound(e)) throw e;
    await jsm.consumers.add(stream, config);
  }
  return { stream, consumer: name };
}
