import {
  AckPolicy,
  DeliverPolicy,
  type JetStreamManager,
  RetentionPolicy,
  StorageType,
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

/** Creates the stream, or updates it to the declared config. Safe to run from every replica. */
export async function ensureStream(jsm: JetStreamManager, def: StreamDefinition): Promise<void> {
  const config = {
    name: def.name,
    subjects: [...def.subjects],
    retention: def.retention === 'workqueue' ? RetentionPolicy.Workqueue : RetentionPolicy.Limits,
    storage: StorageType.File,
    max_age: nanos(def.maxAgeMs),
    duplicate_window: nanos(def.duplicateWindowMs),
    description: def.description,
  };
  try {
    await jsm.streams.info(def.name);
  } catch (e) {
    if (!isNotFound(e)) throw e;
    try {
      await jsm.streams.add(config);
      return;
    } catch (addErr) {
      // Another replica created it between our info and add: fall through to update.
      if (!/already in use|exists/i.test(String((addErr as Error).message))) throw addErr;
    }
  }
  await jsm.streams.update(def.name, config);
}

export async function ensureStreams(jsm: JetStreamManager, topology: Topology): Promise<void> {
  for (const def of topology.streams()) await ensureStream(jsm, def);
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
