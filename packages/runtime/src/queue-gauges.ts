import { type JetStreamManager, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import type { Queue } from '@repowiki/contracts';
import { Gauge, type Registry } from 'prom-client';
import type { Topology } from './nats/topology.js';

/** JetStream is asked at most this often; scrapes in between read the last answer. @default 15_000 (15 s) */
export const QUEUE_STATS_REFRESH_MS = 15_000;
/** One look (three JetStream requests) gives up after this. @default 5_000 (5 s) */
const QUEUE_STATS_TIMEOUT_MS = 5_000;

export interface QueueGaugesOptions {
  nc: NatsConnection;
  topology: Topology;
  queue: Queue;
  registry: Registry;
  refreshMs?: number;
  /**
   * Told when looks start failing (NATS down, a permission missing), once per run of
   * failures; the gauges keep the last values meanwhile.
   */
  onError?: (e: unknown) => void;
}

interface QueueStats {
  messages: number;
  pending: number;
  ackPending: number;
  dlq: number;
}

/**
 * The queue as JetStream sees it, on /metrics: messages in the task stream, the worker
 * consumer's lag (not yet delivered + delivered and not acked: what KEDA scales on) and the
 * queue's dead letters. A scrape never waits for NATS: it reads the last answer and, when
 * that is older than `refreshMs`, starts one new look in the background (one at a time).
 * `repowiki_queue_stats_updated_timestamp_seconds` says how old the numbers are (0 = never).
 */
export class QueueGauges {
  private stats: QueueStats | undefined;
  private updatedAt = 0;
  private lookStartedAt = 0;
  private looking: Promise<void> | undefined;
  private jsm: JetStreamManager | undefined;
  private closed = false;
  private failing = false;
  private readonly gauges: Gauge<'queue'>[] = [];

  constructor(private readonly o: QueueGaugesOptions) {
    const queue = o.queue;
    const gauge = (name: string, help: string, value: (s: QueueStats) => number) => {
      const self = this;
      const g = new Gauge<'queue'>({
        name,
        help,
        labelNames: ['queue'],
        registers: [o.registry],
        collect() {
          self.refreshIfStale();
          // Unknown until the first look answers: no sample rather than a made-up 0.
          if (self.stats) this.set({ queue }, value(self.stats));
        },
      });
      this.gauges.push(g);
    };
    gauge(
      'repowiki_queue_messages',
      "Messages in the queue's task stream (waiting, or delivered and not acked).",
      (s) => s.messages,
    );
    gauge(
      'repowiki_queue_consumer_pending',
      'Messages the worker consumer has not delivered yet.',
      (s) => s.pending,
    );
    gauge(
      'repowiki_queue_consumer_ack_pending',
      'Messages delivered to a worker and not acked yet (running or held).',
      (s) => s.ackPending,
    );
    gauge(
      'repowiki_queue_lag',
      'Consumer lag: not delivered + not acked. KEDA scales on it.',
      (s) => s.pending + s.ackPending,
    );
    gauge('repowiki_dlq_messages', 'Dead letters of the queue in the DLQ stream.', (s) => s.dlq);
    const self = this;
    this.gauges.push(
      new Gauge<'queue'>({
        name: 'repowiki_queue_stats_updated_timestamp_seconds',
        help: 'When the queue numbers were last read from JetStream (unix seconds; 0 = not yet).',
        labelNames: ['queue'],
        registers: [o.registry],
        collect() {
          self.refreshIfStale();
          this.set({ queue }, self.updatedAt / 1000);
        },
      }),
    );
  }

  /** The first look, without waiting for it. */
  start(): void {
    this.refreshIfStale();
  }

  /** Waits for a look in progress (tests, shutdown); starts none. */
  async settled(): Promise<void> {
    await this.looking;
  }

  close(): void {
    this.closed = true;
    for (const g of this.gauges) this.o.registry.removeSingleMetric((g as unknown as { name: string }).name);
  }

  private refreshIfStale(): void {
    if (this.closed || this.looking) return;
    if (Date.now() - this.lookStartedAt < (this.o.refreshMs ?? QUEUE_STATS_REFRESH_MS)) return;
    this.lookStartedAt = Date.now();
    this.looking = this.look()
      .then(() => {
        this.failing = false;
      })
      .catch((e: unknown) => {
        if (!this.failing) this.o.onError?.(e);
        this.failing = true;
      })
      .finally(() => {
        this.looking = undefined;
      });
  }

  private async look(): Promise<void> {
    const { topology, queue, nc } = this.o;
    this.jsm ??= await jetstreamManager(nc, { timeout: QUEUE_STATS_TIMEOUT_MS, checkAPI: false });
    const jsm = this.jsm;
    const dlqFilter = topology.subject(`dlq.${queue}.>`);
    const [stream, consumer, dlq] = await Promise.all([
      jsm.streams.info(topology.taskStream(queue)),
      jsm.consumers.info(topology.taskStream(queue), topology.consumer(queue)),
      jsm.streams.info(topology.dlqStream, { subjects_filter: dlqFilter }),
    ]);
    this.stats = {
      messages: stream.state.messages,
      pending: consumer.num_pending,
      ackPending: consumer.num_ack_pending,
      dlq: Object.values(dlq.state.subjects ?? {}).reduce((a, n) => a + n, 0),
    };
    this.updatedAt = Date.now();
  }
}
