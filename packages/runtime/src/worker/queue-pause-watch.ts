import type { NatsConnection, Subscription } from '@nats-io/nats-core';
import type { Logger } from 'pino';
import type { Sql } from 'postgres';
import type { Topology } from '../nats/topology.js';

/**
 * How often a worker re-reads its queue's pause row when no notice arrived (a lost
 * broadcast). The notice itself makes it re-read at once. @default 2_000 (2 s)
 */
const PAUSE_POLL_MS = 2_000;

export interface QueuePauseWatchOptions {
  sql: Sql;
  nc: NatsConnection;
  topology: Topology;
  queue: string;
  logger: Logger;
  /** The queue was paused (true) or resumed (false). */
  onChange(paused: boolean): void;
}

/**
 * A worker's view of `tasks pause <queue>` (NATS 2.9 has no consumer pause): the row in
 * `queue_pauses`, read at start, on each `repowiki.control.pause.<queue>` notice and every
 * 2 s. While the database cannot be read the last known state holds.
 */
export class QueuePauseWatch {
  private state = false;
  private sub: Subscription | undefined;
  private timer: NodeJS.Timeout | undefined;
  private reading: Promise<void> | undefined;
  private again = false;

  constructor(private readonly options: QueuePauseWatchOptions) {}

  get paused(): boolean {
    return this.state;
  }

  /** Reads the state once (a paused queue is never pulled from), then watches it. */
  async start(): Promise<void> {
    await this.read().catch((e: unknown) => {
      this.options.logger.warn({ err: e }, 'queue pause state unreadable; assuming running');
    });
    this.sub = this.options.nc.subscribe(this.options.topology.pauseSubject(this.options.queue), {
      callback: () => void this.check(),
    });
    this.timer = setInterval(() => void this.check(), PAUSE_POLL_MS);
    this.timer.unref();
  }

  stop(): void {
    this.sub?.unsubscribe();
    clearInterval(this.timer);
  }

  /** One read at a time; a notice during a read reads again after it (the newest state wins). */
  private check(): Promise<void> {
    if (this.reading) {
      this.again = true;
      return this.reading;
    }
    this.reading = this.read()
      .catch((e: unknown) => this.options.logger.warn({ err: e }, 'queue pause state unreadable'))
      .finally(() => {
        this.reading = undefined;
        if (this.again) {
          this.again = false;
          void this.check();
        }
      });
    return this.reading;
  }

  private async read(): Promise<void> {
    const { sql, topology, queue } = this.options;
    const rows = await sql`
      select 1 from queue_pauses where namespace = ${topology.namespace} and queue = ${queue}`;
    const paused = rows.length > 0;
    if (paused === this.state) return;
    this.state = paused;
    this.options.logger.info({ queue }, paused ? 'queue paused: taking no deliveries' : 'queue resumed');
    this.options.onChange(paused);
  }
}
