import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { type ConsumerMessages, type JetStreamClient, type JsMsg, jetstream } from '@nats-io/jetstream';
import type { NatsConnection, Subscription } from '@nats-io/nats-core';
import { type Queue, TASKS, type TaskDefinition } from '@repowiki/contracts';
import type { DbClient } from '@repowiki/db';
import type { Logger } from 'pino';
import { TaskClient } from '../client/task-client.js';
import type { BatchTaskHandler } from '../context.js';
import { NotReadyError } from '../errors.js';
import { isDataError } from '../ledger/pg-errors.js';
import type { TaskMetrics } from '../metrics.js';
import { DEFAULT_ACK_WAIT_MS } from '../nats/ensure-streams.js';
import { Topology } from '../nats/topology.js';
import { WorkerConsumerLink } from '../nats/worker-consumer-link.js';
import { Timers } from '../timers/timers.js';
import { BatchRunner } from './batch-runner.js';
import { beginAttempt } from './begin-attempt.js';
import { decode } from './decode.js';
import { deferDelivery } from './defer-delivery.js';
import { runAttempt } from './run-attempt.js';
import { rejectInput, settle } from './settle.js';
import { ThreadPool } from './thread-pool.js';
import type {
  ActiveTask,
  RuntimeHandler,
  SettledAttempt,
  WorkerCounters,
  WorkerDeps,
} from './worker-deps.js';

export interface TaskWorkerOptions {
  nc: NatsConnection;
  db: DbClient;
  queue: Queue;
  /** Catalog subject → handler (plain function, batch function or threadHandler()). */
  handlers: Readonly<Record<string, RuntimeHandler>>;
  serviceName: string;
  logger: Logger;
  metrics?: TaskMetrics;
  catalog?: Readonly<Record<string, TaskDefinition>>;
  namespace?: string;
  /** Attempts running at once; the worker never holds more messages than free slots. @default 4 */
  concurrency?: number;
  /** TASK_MAX_SIZE_PER_USER across all replicas; 0 disables. @default 5 */
  maxPerUser?: number;
  /** Override every task's soft/hard limit (TASK_SOFT_TIME_LIMIT / TASK_TIME_LIMIT). */
  softTimeLimitMs?: number;
  hardTimeLimitMs?: number;
  /**
   * JetStream redelivers an un-acked, silent message after this; it bounds how long a killed
   * worker's tasks wait. The consumer keeps the value of the last replica to start, and
   * every replica heartbeats on the consumer's actual value. @default DEFAULT_ACK_WAIT_MS (6 s)
   */
  ackWaitMs?: number;
  /**
   * A running per-user task holds its user's slot this long past the last renewal (every
   * third of it, while the attempt runs), so a crashed worker's slots free themselves.
   * @default max(2 × ackWaitMs, 10_000)
   */
  leaseMs?: number;
  /** Cluster-wide cap of un-acked messages on the queue's consumer. @default 1_000 */
  maxAckPending?: number;
  /** @deprecated No effect: throttled deliveries are parked and released when a slot frees (timers/). */
  throttleDelayMs?: number;
  /**
   * In-process hook, called once per attempt after its outcome is committed to the ledger
   * and its message acked, naked or terminated (BullMQ's worker `completed`/`failed`
   * events); bad input that is dead-lettered unrun is reported as FAILURE, attempt 0. Synchronous and on the worker's hot path: keep it cheap. Other processes
   * watch `events.<queue>.<task>.*` instead.
   */
  onSettled?: (attempt: SettledAttempt) => void;
}

/**
 * A pull request lives this long on the server. Kept below the default ack wait (6 s): a
 * killed worker's last pull has expired by the time its deliveries are redelivered, so
 * the server cannot hand one to the dead worker's pull instead of a live one. @default 5_000
 */
const FETCH_EXPIRES_MS = 5_000;
/** Pause after a failed pull before the next. @default 250 ms */
const PULL_RETRY_DELAY_MS = 250;
/**
 * One scanner heartbeats every held delivery and checks every running attempt's deadlines
 * (mark, soft and hard limit) instead of timers per attempt. Limits fire within this of their time. @default 25 ms
 */
const SCAN_INTERVAL_MS = 25;

/**
 * Pulls tasks of one queue and runs them. Slots bound what the worker holds: a pull asks
 * only for free slots (Celery's prefetch 1), so a long task never sits behind another in
 * a local buffer while other replicas idle.
 */
export class TaskWorker {
  readonly workerId: string;
  readonly startedAt = new Date();
  readonly counters: WorkerCounters = {
    succeeded: 0,
    failed: 0,
    retried: 0,
    deadLettered: 0,
    revoked: 0,
    skipped: 0,
    throttled: 0,
  };
  readonly active = new Map<string, ActiveTask>();
  /**
   * Every delivery this worker holds, from receipt until it is settled, with its next
   * heartbeat: JetStream must not redeliver a task while the worker still has it, whether
   * it waits for the ledger, runs, or has its outcome written.
   */
  private readonly holding = new Map<JsMsg, number>();
  readonly topology: Topology;
  private readonly deps: WorkerDeps;
  private readonly js: JetStreamClient;
  private readonly catalog: Readonly<Record<string, TaskDefinition>>;
  private readonly concurrency: number;
  private readonly batchRunners = new Map<string, BatchRunner>();
  private readonly link: WorkerConsumerLink;
  private fetches = new Set<ConsumerMessages>();
  private requested = 0;
  private stopping = false;
  private pumping = false;
  private idle: (() => void) | undefined;
  private revokeSub: Subscription | undefined;
  private leaseTimer: NodeJS.Timeout | undefined;
  private threadPool: ThreadPool | undefined;
  private scanner: NodeJS.Timeout | undefined;

  constructor(private readonly options: TaskWorkerOptions) {
    this.topology = new Topology(options.namespace);
    this.catalog = options.catalog ?? (TASKS as unknown as Record<string, TaskDefinition>);
    this.workerId = `${options.serviceName}@${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.js = jetstream(options.nc);
    const hasBatch = Object.keys(options.handlers).some((s) => this.catalog[s]?.batch);
    const batchSize = Math.max(
      0,
      ...Object.keys(options.handlers).map((s) => this.catalog[s]?.batch?.maxSize ?? 0),
    );
    // A batch queue needs room for a full batch plus the next one filling.
    this.concurrency = Math.max(options.concurrency ?? 4, hasBatch ? batchSize * 2 : 0);
    const ackWaitMs = options.ackWaitMs ?? DEFAULT_ACK_WAIT_MS;
    const client = new TaskClient({
      nc: options.nc,
      db: options.db,
      namespace: options.namespace,
      catalog: this.catalog,
    });
    const timers = new Timers({
      sql: options.db.sql,
      js: this.js,
      stream: this.topology.taskStream(options.queue),
      maxPerUser: options.maxPerUser ?? 5,
      logger: options.logger,
    });
    this.deps = {
      timers,
      nc: options.nc,
      js: this.js,
      db: options.db,
      ledger: client.ledger,
      topology: this.topology,
      logger: options.logger,
      metrics: options.metrics,
      workerId: this.workerId,
      serviceName: options.serviceName,
      submitter: client,
      threads: () => {
        this.threadPool ??= new ThreadPool(this.concurrency);
        return this.threadPool;
      },
      active: this.active,
      counters: this.counters,
      limits: {
        softMs: options.softTimeLimitMs,
        hardMs: options.hardTimeLimitMs,
        heartbeatMs: Math.max(100, Math.floor(ackWaitMs / 3)),
        leaseMs: options.leaseMs ?? Math.max(2 * ackWaitMs, 10_000),
        maxPerUser: options.maxPerUser ?? 5,
      },
      catalog: this.catalog,
      // A settled task may free its user's slot: the timers release that user's next one now.
      onSettled: (s) => {
        timers.kick();
        options.onSettled?.(s);
      },
    };
    this.link = new WorkerConsumerLink({
      nc: options.nc,
      js: this.js,
      topology: this.topology,
      queue: options.queue,
      logger: options.logger,
      ackWaitMs: options.ackWaitMs,
      maxAckPending: options.maxAckPending,
      onAckWait: (ms) => this.heartbeatOn(ms),
      onReady: () => this.resumePulls(),
    });
  }

  get subjects(): string[] {
    return Object.keys(this.options.handlers);
  }

  /**
   * True while the worker's consumer exists and it can pull; false while the consumer or
   * its stream is gone and being recreated (`/readyz` reports it).
   */
  get ready(): boolean {
    return this.link.ready;
  }

  /** Throws (with what an operator reads in `/readyz`) unless `ready`. */
  assertReady(): void {
    if (!this.link.ready) {
      throw new NotReadyError(
        'consumer_missing',
        `consumer ${this.topology.consumer(this.options.queue)} is missing; recreating it`,
      );
    }
  }

  /** Creates streams and the consumer if needed, then starts pulling. */
  async start(): Promise<void> {
    await this.link.open();
    this.deps.timers.start();
    this.revokeSub = this.options.nc.subscribe(this.topology.revokeSubject, {
      callback: (_err, msg) => {
        try {
          const { taskId } = msg.json<{ taskId: string }>();
          this.active.get(taskId)?.abort('revoked');
        } catch {
          /* malformed control message: ignore */
        }
      },
    });
    // Running per-user tasks keep their slot while alive; a crashed worker's lapse.
    this.leaseTimer = setInterval(
      () => {
        const mine = [...this.active.values()]
          .filter((a) => a.userId)
          .map((a) => ({ id: a.taskId, attempt: a.attempt }));
        this.deps.ledger.renewLeases(mine, this.deps.limits.leaseMs).catch((e: unknown) => {
          this.options.logger.warn({ err: e }, 'lease renewal failed');
        });
      },
      Math.floor(this.deps.limits.leaseMs / 3),
    );
    this.leaseTimer.unref();
    this.scanner = setInterval(() => {
      if (this.holding.size === 0) return;
      const now = Date.now();
      for (const [m, beatAt] of this.holding) {
        if (now < beatAt) continue;
        m.working();
        this.holding.set(m, now + this.deps.limits.heartbeatMs);
      }
      for (const a of this.active.values()) a.tick(now);
    }, SCAN_INTERVAL_MS);
    this.scanner.unref();
    this.pump();
  }

  /**
   * Heartbeats every held delivery each third of the consumer's ACTUAL ack wait, which the
   * last replica to start may have set below ours. A shorter one takes effect at once.
   */
  private heartbeatOn(ackWaitMs: number): void {
    const beatMs = Math.max(100, Math.floor(ackWaitMs / 3));
    if (beatMs === this.deps.limits.heartbeatMs) return;
    this.deps.limits.heartbeatMs = beatMs;
    const latest = Date.now() + beatMs;
    for (const [m, beatAt] of this.holding) if (beatAt > latest) this.holding.set(m, latest);
  }

  /**
   * The consumer was recreated: pulls still outstanding were made on the old one and would
   * wait for their heartbeats to lapse (seconds), so they end now and pulls start afresh.
   */
  private resumePulls(): void {
    for (const f of this.fetches) f.stop();
    this.pump();
  }

  /** Issues pulls for free slots not already covered by outstanding pulls. */
  private pump(): void {
    if (this.pumping || this.stopping || !this.link.consumer) return;
    this.pumping = true;
    try {
      const free = this.concurrency - this.holding.size - this.requested;
      // Small top-ups wait while a pull is outstanding: fewer, larger pulls under load.
      const threshold = this.requested > 0 ? Math.max(1, Math.floor(this.concurrency / 4)) : 1;
      if (free >= threshold) this.pull(free);
    } finally {
      this.pumping = false;
    }
  }

  private pull(n: number): void {
    const consumer = this.link.consumer;
    if (!consumer) return;
    this.requested += n;
    let received = 0;
    consumer
      .fetch({ max_messages: n, expires: FETCH_EXPIRES_MS })
      .then(async (iter) => {
        this.fetches.add(iter);
        try {
          for await (const m of iter) {
            received++;
            this.requested--;
            this.dispatch(m);
          }
        } finally {
          this.fetches.delete(iter);
        }
      })
      .catch(async (e: unknown) => {
        if (this.stopping) return;
        this.options.logger.warn({ err: e }, 'pull failed; retrying');
        // A deleted consumer or stream fails the pull ("consumer deleted", "heartbeats
        // missed"): the link recreates them before the next pull.
        await this.link.check();
        await new Promise((r) => setTimeout(r, PULL_RETRY_DELAY_MS));
      })
      .finally(() => {
        this.requested -= n - received;
        this.pump();
      });
  }

  private dispatch(m: JsMsg): void {
    this.holding.set(m, Date.now() + this.deps.limits.heartbeatMs);
    this.handle(m)
      .catch((e: unknown) => {
        // Infrastructure failure (database or NATS down): leave the message for redelivery.
        this.options.logger.error(
          { err: e, subject: m.subject },
          'task handling failed; message will be redelivered',
        );
        try {
          m.nak(1_000);
        } catch {
          /* connection gone: ack_wait redelivers */
        }
      })
      .finally(() => {
        this.holding.delete(m);
        if (this.holding.size === 0) this.idle?.();
        this.pump();
      });
  }

  private async handle(m: JsMsg): Promise<void> {
    if (this.stopping) {
      m.nak();
      return;
    }
    const decoded = decode(m, this.topology, this.catalog, (s) => s in this.options.handlers);
    if (!decoded.ok) {
      await rejectInput(this.deps, m, decoded.envelope, decoded.task, decoded.code, decoded.reason);
      return;
    }
    const { envelope, task, payload } = decoded;
    if (envelope.notBefore && envelope.notBefore.getTime() > Date.now()) {
      // Delayed task: put aside until due, without counting an attempt.
      await deferDelivery(this.deps, m, envelope, task, { kind: 'due', at: envelope.notBefore });
      return;
    }
    const handler = this.options.handlers[envelope.subject]!;
    if (!task.batch && envelope.userId && this.deps.timers.userAtLimit(envelope.userId, m)) {
      // Its user was throttled a moment ago: queue it behind the user's parked deliveries.
      this.counters.throttled++;
      this.options.metrics?.throttled.inc({ task: task.subject });
      this.deps.timers.parkDetached(m, envelope.taskId, envelope.userId);
      return;
    }
    let begin: Awaited<ReturnType<typeof beginAttempt>>;
    try {
      begin = await beginAttempt(this.deps, m, envelope, task);
    } catch (e: unknown) {
      // A row PostgreSQL refuses even escaped would fail on every redelivery: dead-letter it
      // once. Other errors (database unreachable) propagate: the message is redelivered.
      if (!isDataError(e)) throw e;
      const reason = `the ledger cannot store this task: ${(e as Error).message}`;
      await rejectInput(this.deps, m, envelope, task, 'unstorable', reason);
      return;
    }
    switch (begin.kind) {
      case 'throttled': {
        this.counters.throttled++;
        this.options.metrics?.throttled.inc({ task: task.subject });
        const base = this.options.throttleDelayMs ?? 500;
        await deferDelivery(this.deps, m, envelope, task, {
          kind: 'throttled',
          userId: envelope.userId ?? '',
          delayMs: base + Math.floor(Math.random() * base),
        });
        return;
      }
      case 'skip':
        m.ack();
        this.counters.skipped++;
        this.options.metrics?.completed.inc({ task: task.subject, outcome: 'skipped' });
        return;
      case 'revoke':
      case 'crashed':
        // Never run here: the claim took the row over to write REVOKED / FAILURE worker_crashed.
        return settle(
          this.deps,
          { m, envelope, task, attempt: begin.attempt, startedAt: Date.now() },
          { kind: begin.kind === 'revoke' ? 'revoked' : 'crashed' },
        );
      case 'run':
        if (this.putBackIfStopping(m)) return;
        // Batch items are claimed like single tasks (above) and settled like them (the runner).
        if (task.batch) return this.batchRunner(task, handler).add(m, envelope, payload, begin.attempt);
        return runAttempt(this.deps, {
          m,
          envelope,
          task,
          payload,
          attempt: begin.attempt,
          handler: handler as never,
        });
    }
  }

  private batchRunner(task: TaskDefinition, handler: RuntimeHandler): BatchRunner {
    let runner = this.batchRunners.get(task.subject);
    if (!runner) {
      runner = new BatchRunner(this.deps, task as never, handler as BatchTaskHandler<never>);
      this.batchRunners.set(task.subject, runner);
    }
    return runner;
  }

  /**
   * A delivery whose begin was still waiting on the ledger when stop() was called MUST NOT
   * start its handler: stop() may be past its grace period by then. It goes back to the
   * stream (nak) for another replica, like an attempt cut off by shutdown.
   */
  private putBackIfStopping(m: JsMsg): boolean {
    if (!this.stopping) return false;
    m.nak();
    return true;
  }

  /**
   * Graceful stop: no new pulls; in-flight attempts get `graceMs` to finish; what is
   * still running then is aborted and put back to the stream (nak) for another replica.
   * Nothing is lost: unstarted messages were never taken, unfinished ones are redelivered.
   */
  async stop(graceMs = 30_000): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    for (const f of this.fetches) f.stop();
    this.revokeSub?.unsubscribe();
    await this.deps.timers.stop();
    for (const r of this.batchRunners.values()) r.flush();
    if (this.holding.size > 0) {
      const drained = new Promise<void>((r) => {
        this.idle = r;
      });
      const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), graceMs).unref());
      if ((await Promise.race([drained, timeout])) === 'timeout') {
        for (const a of this.active.values()) a.abort('shutdown');
        await Promise.race([drained, new Promise((r) => setTimeout(r, 2_000).unref())]);
      }
    }
    // Only now: attempts still draining keep their per-user slots through the grace period.
    if (this.leaseTimer) clearInterval(this.leaseTimer);
    if (this.scanner) clearInterval(this.scanner);
    this.link.close();
    await this.options.nc.flush().catch(() => {});
    await this.threadPool?.close();
  }

  /** Snapshot for `inspect`. */
  inspect() {
    return {
      workerId: this.workerId,
      service: this.options.serviceName,
      queue: this.options.queue,
      uptimeMs: Date.now() - this.startedAt.getTime(),
      concurrency: this.concurrency,
      held: this.holding.size,
      active: [...this.active.values()].map((a) => ({
        taskId: a.taskId,
        subject: a.subject,
        attempt: a.attempt,
        userId: a.userId,
        startedAt: a.startedAt.toISOString(),
        runningMs: Date.now() - a.startedAt.getTime(),
      })),
      counters: { ...this.counters },
      registered: this.subjects,
    };
  }
}
