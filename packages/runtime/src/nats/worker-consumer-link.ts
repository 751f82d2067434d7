import {
  type Consumer,
  type ConsumerInfo,
  type JetStreamClient,
  type JetStreamManager,
  jetstreamManager,
} from '@nats-io/jetstream';
import { millis, type NatsConnection, type Subscription } from '@nats-io/nats-core';
import type { Queue } from '@repowiki/contracts';
import type { Logger } from 'pino';
import {
  DEFAULT_ACK_WAIT_MS,
  ensureStreams,
  ensureWorkerConsumer,
  isNotFound,
  type WorkerConsumerOptions,
} from './ensure-streams.js';
import type { Topology } from './topology.js';

/** While the consumer is missing, recreating it is retried this often. @default 1_000 (1 s) */
const RETRY_INTERVAL_MS = 1_000;
/**
 * While it exists, its config is re-read every this many retry intervals (one API request
 * per replica): it catches a deletion no pull noticed — a pull sent to a consumer deleted
 * just before gets no answer at all, and idle pulls fail only after two missed idle
 * heartbeats (5 s) — and an ack wait another replica changed without telling. @default 2 (2 s)
 */
const CHECK_EVERY_RETRIES = 2;

export interface WorkerConsumerLinkOptions extends WorkerConsumerOptions {
  nc: NatsConnection;
  js: JetStreamClient;
  topology: Topology;
  queue: Queue;
  logger: Logger;
  /**
   * The consumer's ACTUAL ack wait, after every ensure and whenever a replica changes it:
   * the last replica to start sets it for all, so heartbeats follow it, not our option.
   */
  onAckWait(ackWaitMs: number): void;
  /** The consumer is back after it went missing: pulls may resume. */
  onReady(): void;
}

/**
 * A worker's handle on its queue's durable consumer that survives the consumer's deletion
 * (`nats consumer rm`) and the stream's deletion or re-creation. A failed pull asks
 * `check()`; a consumer or stream that is gone is recreated (streams first) and pulling
 * resumes. `ready` is false while it is missing, which `/readyz` reports.
 */
export class WorkerConsumerLink {
  private current: Consumer | undefined;
  private present = false;
  private closed = false;
  private checking: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private ticks = 0;
  private readonly subs: Subscription[] = [];
  private jsm: JetStreamManager | undefined;
  private recreateFailures = 0;
  private driftReported = false;
  private readonly stream: string;
  private readonly name: string;
  /** Core-NATS subject on which a replica says it changed the consumer's config. */
  private readonly changedSubject: string;

  constructor(private readonly options: WorkerConsumerLinkOptions) {
    this.stream = options.topology.taskStream(options.queue);
    this.name = options.topology.consumer(options.queue);
    this.changedSubject = options.topology.subject(`repowiki.control.consumer-changed.${options.queue}`);
  }

  /** The consumer to pull from; undefined while it is missing. */
  get consumer(): Consumer | undefined {
    return this.present ? this.current : undefined;
  }

  get ready(): boolean {
    return this.present && !this.closed;
  }

  /** Creates streams and consumer (boot fails if it cannot), then watches them. */
  async open(): Promise<void> {
    this.jsm = await jetstreamManager(this.options.nc);
    await this.ensure();
    // Told at once: a replica changed the config, or the server deleted the consumer or its
    // stream (JetStream advisories; without permission to read them, the timer still finds out).
    for (const subject of [
      this.changedSubject,
      `$JS.EVENT.ADVISORY.CONSUMER.DELETED.${this.stream}.${this.name}`,
      `$JS.EVENT.ADVISORY.STREAM.DELETED.${this.stream}`,
    ]) {
      this.subs.push(this.options.nc.subscribe(subject, { callback: () => void this.check() }));
    }
    this.timer = setInterval(() => {
      if (!this.present || ++this.ticks % CHECK_EVERY_RETRIES === 0) void this.check();
    }, RETRY_INTERVAL_MS);
    this.timer.unref();
  }

  /**
   * Verifies the consumer exists (call after a failed pull) and re-reads its ack wait;
   * recreates streams and consumer when either is gone. One check at a time.
   */
  check(): Promise<void> {
    this.checking ??= this.verify().finally(() => {
      this.checking = undefined;
    });
    return this.checking;
  }

  close(): void {
    this.closed = true;
    clearInterval(this.timer);
    for (const sub of this.subs) sub.unsubscribe();
  }

  private async ensure(): Promise<void> {
    const jsm = this.jsm!;
    const { nc, js, topology, queue, ackWaitMs, maxAckPending } = this.options;
    // Its own streams only: the shipped NATS permissions allow no more (contracts' bus-access.ts).
    const drifted = await ensureStreams(jsm, topology, topology.workerStreams(queue));
    if (drifted.length > 0 && !this.driftReported) {
      this.driftReported = true;
      this.options.logger.warn(
        { streams: drifted },
        'stream config differs from the contracts and this NATS user may not update it: run `tasks streams --apply` as the operator',
      );
    }
    await ensureWorkerConsumer(jsm, topology, queue, { ackWaitMs, maxAckPending });
    // Fetches the consumer's info: the config as the server now has it.
    this.current = await js.consumers.get(this.stream, this.name);
    this.options.onAckWait(ackWaitMsOf(await this.current.info(true)));
    this.present = true;
    // Our ensure may have changed ack_wait or max_ack_pending: the other replicas re-read it
    // (and re-read it on their own within CHECK_EVERY_RETRIES if this notice is lost).
    try {
      nc.publish(this.changedSubject);
    } catch {
      /* connection closing: nothing to tell */
    }
  }

  private async verify(): Promise<void> {
    if (this.closed || !this.jsm) return;
    try {
      const info = await this.jsm.consumers.info(this.stream, this.name);
      this.options.onAckWait(ackWaitMsOf(info));
      if (!this.present) await this.recreate();
      return;
    } catch (e: unknown) {
      // NATS unreachable or slow: not our consumer's fault; /readyz's NATS check says so.
      if (!isNotFound(e)) return;
    }
    if (this.present) {
      this.options.logger.warn(
        { stream: this.stream, consumer: this.name },
        'worker consumer is gone: recreating it',
      );
    }
    this.present = false;
    await this.recreate();
  }

  private async recreate(): Promise<void> {
    try {
      await this.ensure();
    } catch (e: unknown) {
      this.present = false;
      // One line when it starts failing, then one a minute: the retry runs every second.
      if (this.recreateFailures++ % 60 === 0) {
        this.options.logger.error(
          { err: e, stream: this.stream, consumer: this.name, failures: this.recreateFailures },
          'cannot recreate the worker consumer; retrying',
        );
      }
      return;
    }
    this.recreateFailures = 0;
    this.options.logger.info(
      { stream: this.stream, consumer: this.name },
      'worker consumer recreated; pulling again',
    );
    this.options.onReady();
  }
}

/** The server fills ack_wait in (its own default is 30 s); the client types it optional. */
function ackWaitMsOf(info: ConsumerInfo): number {
  return info.config.ack_wait ? millis(info.config.ack_wait) : DEFAULT_ACK_WAIT_MS;
}
