import type { JetStreamClient, JsMsg } from '@nats-io/jetstream';
import type { Logger } from 'pino';
import type { Sql } from 'postgres';
import { BatchWriter } from '../ledger/batch-writer.js';
import { decodedHeaders } from '../nats/decoded-headers.js';
import { type ParkRow, parkRow, queuedSince } from './park-row.js';
import { insertParkRowsIsolated } from './park-rows.js';
import { releaseDue } from './release-due.js';
import { releaseThrottled } from './release-throttled.js';

export interface TimersOptions {
  /** Durable pool: a parked row must survive a crash before its message is acked. */
  sql: Sql;
  js: JetStreamClient;
  /** The queue's stream (namespace included): this worker parks and releases its rows. */
  stream: string;
  /** TASK_MAX_SIZE_PER_USER; 0 disables throttling. */
  maxPerUser: number;
  logger: Logger;
  /** Release poll interval. @default 100 (ms) */
  pollMs?: number;
}

/** Due rows released per statement; a full batch is followed by another round at once. */
const RELEASE_BATCH = 500;
/** A released throttled delivery that has not started after this no longer holds a slot. */
const IN_FLIGHT_MS = 2_000;
/**
 * After one of a user's deliveries is throttled, that user's next deliveries are parked
 * straight away for this long, without the per-user transaction: a flood of one user's
 * tasks then costs one group-committed insert each and queues FIFO behind the user's
 * parked ones. @default 300 (ms)
 */
const AT_LIMIT_MS = 300;
/**
 * Kicked rounds (a task settled, a slot may be free) start no closer than this to each
 * other: at most 50 rounds a second per worker while throttled rows wait, however many
 * tasks settle. @default 20 (ms)
 */
const MIN_KICK_GAP_MS = 20;

/**
 * Waiting deliveries, out of the consumer's ack-pending window: countdown/eta, retry
 * backoffs and per-user throttling park the message in `task_timers` and ack it once the
 * row is committed; every worker of the queue runs a releaser that publishes rows back to
 * the stream when they are due (or their user has a free slot) and then deletes them.
 * Replicas release concurrently (FOR UPDATE SKIP LOCKED); a crash between publish and delete
 * republishes under the same Nats-Msg-Id, and the runtime's start check makes any copy
 * beyond the duplicate window a no-op.
 */
export class Timers {
  private readonly writer: BatchWriter<ParkRow, Error | null>;
  /** Throttled task ids this releaser published and that may not have started yet. */
  private readonly inFlight = new Map<string, number>();
  private readonly pollMs: number;
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;
  private again = false;
  private running = false;
  /** Whether throttled rows may exist for this stream (a kick is worth a round). */
  private throttledSeen = false;
  private lastRoundAt = 0;
  private nextDueCheckAt = 0;
  private lastErrorLogAt = 0;
  /** User → until when it is taken to be at its limit (see AT_LIMIT_MS). */
  private readonly atLimitUntil = new Map<string, number>();
  /** Parks in progress that no caller awaits (parkDetached); stop() waits for them. */
  private readonly detached = new Set<Promise<void>>();

  constructor(private readonly options: TimersOptions) {
    this.pollMs = options.pollMs ?? 100;
    this.writer = new BatchWriter((rows) => insertParkRowsIsolated(options.sql, rows), 1_000, 2);
  }

  /**
   * Parks a delivery and acks it. MUST ack only after the row is committed: a crash before
   * the commit leaves the message un-acked, and JetStream redelivers it. Rejects (message
   * neither acked nor nak'd) when the row could not be written.
   */
  async park(
    m: JsMsg,
    taskId: string,
    userId: string | null,
    kind: ParkRow['kind'],
    dueAt: Date,
  ): Promise<void> {
    // Not extended while it lasts: a delivery now and then still asks the ledger.
    if (kind === 'throttled' && userId !== null && !this.userAtLimitNow(userId)) {
      this.atLimitUntil.set(userId, Date.now() + AT_LIMIT_MS);
    }
    // Throttled again after a release: keep its place in the user's FIFO.
    const at = kind === 'throttled' ? (queuedSince(m) ?? dueAt) : dueAt;
    const error = await this.writer.write(parkRow(m, taskId, userId, kind, at));
    if (error) throw error;
    m.ack();
    if (kind === 'throttled') {
      this.throttledSeen = true;
      // Released and throttled again: it no longer stands for a slot about to be taken.
      this.inFlight.delete(taskId);
    }
  }

  /**
   * Parks a delivery of a user taken to be at its limit (see `userAtLimit`) without making
   * the caller wait: the worker's slot is free at once, so a flood of one user's deliveries
   * is parked in large group commits instead of `concurrency` at a time. The message is
   * acked after its row is committed, or nak'd for redelivery if the row cannot be written.
   */
  parkDetached(m: JsMsg, taskId: string, userId: string): void {
    const p = this.park(m, taskId, userId, 'throttled', new Date())
      .catch((e: unknown) => {
        this.options.logger.warn({ err: e, taskId }, 'could not park a throttled delivery; redelivered');
        try {
          m.nak(1_000);
        } catch {
          /* connection gone: ack_wait redelivers */
        }
      })
      .finally(() => this.detached.delete(p));
    this.detached.add(p);
  }

  /**
   * Whether to park this delivery of `userId` without asking the ledger: one of the user's
   * deliveries was throttled here a moment ago. Never for a delivery the releaser published
   * (it was released for a free slot and must try to take it).
   */
  userAtLimit(userId: string, m: JsMsg): boolean {
    if (!this.userAtLimitNow(userId)) return false;
    // Read only then: `m.headers` decodes the whole header block.
    return !decodedHeaders(m)?.get('Nats-Msg-Id').includes(':timer:');
  }

  private userAtLimitNow(userId: string): boolean {
    const until = this.atLimitUntil.get(userId);
    if (until === undefined) return false;
    if (until > Date.now()) return true;
    this.atLimitUntil.delete(userId);
    return false;
  }

  /** Starts the release loop (every replica runs one). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  /**
   * A task of this queue settled: its user may have a free slot now. Runs a round soon
   * instead of at the next poll, so a user at its limit goes on at the pace of its tasks.
   */
  kick(): void {
    if (!this.running || !this.throttledSeen) return;
    if (this.round) {
      this.again = true;
      return;
    }
    this.schedule(Math.max(0, this.lastRoundAt + MIN_KICK_GAP_MS - Date.now()));
  }

  /** Stops releasing and waits for a round and detached parks in progress. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    await Promise.all([this.round, ...this.detached]);
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.round = this.releaseRound().finally(() => {
        this.round = undefined;
        if (!this.running) return;
        const kicked = this.again;
        this.again = false;
        if (this.nextDueCheckAt === 0) this.schedule(0);
        else if (kicked) this.schedule(Math.max(0, this.lastRoundAt + MIN_KICK_GAP_MS - Date.now()));
        else this.schedule(this.pollMs);
      });
    }, delayMs);
    this.timer.unref();
  }

  private async releaseRound(): Promise<void> {
    this.lastRoundAt = Date.now();
    const { sql, js, stream, maxPerUser } = this.options;
    try {
      // Kicked rounds come for throttled rows: due rows are looked at once per poll interval.
      if (this.lastRoundAt >= this.nextDueCheckAt) {
        this.nextDueCheckAt = this.lastRoundAt + this.pollMs;
        const due = await releaseDue(sql, js, stream, Date.now(), RELEASE_BATCH);
        // More are due: the next round follows at once and looks again.
        if (due === RELEASE_BATCH) this.nextDueCheckAt = 0;
      }
      const now = Date.now();
      for (const [id, at] of this.inFlight) if (now - at > IN_FLIGHT_MS) this.inFlight.delete(id);
      for (const [user, until] of this.atLimitUntil) if (until <= now) this.atLimitUntil.delete(user);
      // Throttled rows are released even when maxPerUser is 0 (throttling turned off since).
      const { released, waiting } = await releaseThrottled(
        sql,
        js,
        stream,
        maxPerUser > 0 ? maxPerUser : 1_000_000,
        [...this.inFlight.keys()],
      );
      for (const r of released) this.inFlight.set(r.taskId, now);
      this.throttledSeen = waiting;
    } catch (e) {
      // Database or NATS unreachable: rows stay parked and the next round tries again.
      if (Date.now() - this.lastErrorLogAt > 10_000) {
        this.lastErrorLogAt = Date.now();
        this.options.logger.warn({ err: e, stream }, 'timer release round failed; retrying');
      }
    }
  }
}
