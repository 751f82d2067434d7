import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { ensureStreams } from '../nats/ensure-streams.js';
import { PipelinedPublisher, type PubAck } from '../nats/pipelined-publisher.js';
import { PublishBuffer } from '../nats/publish-buffer.js';
import type { Topology } from '../nats/topology.js';
import type { TaskMessage } from './task-message.js';

/** 503 from JetStream: nobody stored the message (no stream captures the subject, or JetStream is not up). */
export function isNoStream(e: unknown): boolean {
  const text = `${String(e)} ${String((e as { cause?: unknown })?.cause)}`;
  return (e as { code?: unknown })?.code === 503 || /no responders|not enabled|no stream/i.test(text);
}

export interface TaskPublisherOptions {
  nc: NatsConnection;
  topology: Topology;
  /** PubAck wait of one send. @default 5_000 */
  pubAckTimeoutMs?: number;
  /** Messages the background buffer holds (buffered submits, sweeps). @default 10_000 */
  bufferCapacity?: number;
  /** A buffered message was refused for good or dropped from a full buffer. */
  onLoss?(message: TaskMessage, reason: 'buffer_full' | 'refused', error?: unknown): void;
}

/**
 * Publishes task messages: one send at a time (`publishOnce`), or through a bounded buffer that
 * re-sends with the same `Nats-Msg-Id` until acknowledged (`enqueue`).
 */
export class TaskPublisher {
  private pipelined: PipelinedPublisher | undefined;
  private readonly ensuring = new Map<string, Promise<void>>();
  readonly buffer: PublishBuffer<TaskMessage>;

  constructor(private readonly options: TaskPublisherOptions) {
    this.buffer = new PublishBuffer<TaskMessage>({
      send: (m) => this.publishOnce(m),
      capacity: options.bufferCapacity ?? 10_000,
      ...(options.onLoss ? { onLoss: options.onLoss } : {}),
    });
  }

  /** One send (plus one after creating the streams if none captures the subject). */
  async publishOnce(m: TaskMessage): Promise<PubAck> {
    this.pipelined ??= new PipelinedPublisher(this.options.nc, this.options.pubAckTimeoutMs ?? 5_000);
    try {
      return await this.pipelined.publish(m.subject, m.data, m.headers);
    } catch (e) {
      // No stream captures the subject yet (a fresh server, no worker started): create the
      // declared stream once and try again (where this NATS user may create it).
      if (!isNoStream(e)) throw e;
      const stream = this.options.topology.streamOf(m.subject);
      if (!stream) throw e;
      // Concurrent submissions share one creation attempt per stream; a failed one is tried
      // again later.
      let ensuring = this.ensuring.get(stream);
      if (!ensuring) {
        ensuring = jetstreamManager(this.options.nc)
          .then((jsm) => ensureStreams(jsm, this.options.topology, [stream]))
          .then(() => {})
          .catch((err: unknown) => {
            this.ensuring.delete(stream);
            throw err;
          });
        this.ensuring.set(stream, ensuring);
      }
      await ensuring.catch(() => {});
      return this.pipelined.publish(m.subject, m.data, m.headers);
    }
  }

  /** Queues `m` for background publishing; undefined when the buffer is full (counted). */
  enqueue(m: TaskMessage): Promise<void> | undefined {
    return this.buffer.offer(m);
  }

  /** Drains the buffer within `timeoutMs`, then stops. Returns how many were left unpublished. */
  async close(timeoutMs = 10_000): Promise<number> {
    const left = await this.buffer.close(timeoutMs);
    this.pipelined?.close();
    this.pipelined = undefined;
    return left;
  }
}
