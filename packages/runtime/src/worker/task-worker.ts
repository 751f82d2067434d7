import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { type ConsumerMessages, type JetStreamClient, type JsMsg, jetstream } from '@nats-io/jetstream';
import type { Subscription } from '@nats-io/nats-core';
import { TASKS, type TaskDefinition } from '@repowiki/contracts';
import { TaskClient } from '../client/task-client.js';
import type { BatchTaskHandler } from '../context.js';
import { NotReadyError } from '../errors.js';
import { DEFAULT_ACK_WAIT_MS } from '../nats/ensure-streams.js';
import { Topology } from '../nats/topology.js';
import { WorkerConsumerLink } from '../nats/worker-consumer-link.js';
import { Timers } from '../timers/timers.js';
import { BatchRunner } from './batch-runner.js';
import { type DeliveryScope, handleDelivery } from './handle-delivery.js';
import type { HoldingQuestion } from './holder-check.js';
import { LedgerReachability } from './ledger-reachability.js';
import { QueuePauseWatch } from './queue-pause-watch.js';
import type { TaskWorkerOptions } from './task-worker-options.js';
import { ThreadPool } from './thread-pool.js';
import type { ActiveTask, RuntimeHandler, WorkerCounters, WorkerDeps } from './worker-deps.js';

export type { TaskWorkerOptions } from './task-worker-options.js';

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
/** A delivery that reaches a paused worker is redelivered after this. @default 1_000 (1 s) */
const PAUSED_REDELIVERY_MS = 1_000;

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
  /** The same deliveries by stream sequence: a redelivery of one of them is recognised. */
  private readonly heldSeqs = new Map<number, JsMsg>();
  readonly topology: Topology;
  private readonly deps: WorkerDeps;
  private readonly scope: DeliveryScope;
  private readonly js: JetStreamClient;
  private readonly catalog: Readonly<Record<string, TaskDefinition>>;
  private readonly concurrency: number;
  private readonly batchRunners = new Map<string, BatchRunner>();
  private readonly link: WorkerConsumerLink;
  private readonly pause: QueuePauseWatch;
  private fetches = new Set<ConsumerMessages>();
  private requested = 0;
  private stopping = false;
  private pumping = false;
  private idle: (() => void) | undefined;
  private revokeSub: Subscription | undefined;
  private holdingSub: Subscription | undefined;
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
      reachability: new LedgerReachability(options.unansweredMs),
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
    this.scope = {
      deps: this.deps,
      catalog: this.catalog,
      handlers: options.handlers,
      throttleDelayMs: options.throttleDelayMs,
      stopping: () => this.stopping,
      batchRunner: (task, handler) => this.batchRunner(task, handler),
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
    this.pause = new QueuePauseWatch({
      sql: options.db.sql,
      nc: options.nc,
      topology: this.topology,
      queue: options.queue,
      logger: options.logger,
      // Paused: no new pulls; what outstanding pulls (≤ 5 s) still bring is handed back
      // unrun. Resumed: pull again at once.
      onChange: (paused) => {
        if (!paused) this.pump();
      },
    });
  }

  /** `tasks pause <queue>` is in effect: this worker takes no deliveries. */
  get paused(): boolean {
    return this.pause.paused;
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
    // Before the first pull: a worker started while its queue is paused takes nothing.
    await this.pause.start();
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
    // "Do you still hold this task?" from a replica that got it redelivered (holder-check.ts).
    this.holdingSub = this.options.nc.subscribe(
      this.topology.holdingSubject(this.options.queue, this.workerId),
      {
        callback: (err, msg) => {
          if (err) {
            // Refused (permissions): askers would read silence as "gone" and take over.
            this.options.logger.error(
              { err },
              'cannot answer holding questions; replicas may run held tasks again',
            );
            return;
          }
          try {
            const q = msg.json<HoldingQuestion>();
            msg.respond(JSON.stringify({ held: this.active.has(q.taskId) || this.heldSeqs.has(q.seq) }));
          } catch {
            /* malformed question: no answer (the asker treats silence as "do not run") */
          }
        },
      },
    );
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
      // forEach, not for…of over entries: no [key, value] array per held delivery 40 times
      // a second (1,024 held: ~1.3 MB/s of garbage).
      this.holding.forEach((beatAt, m) => {
        if (now < beatAt) return;
        m.working();
        this.holding.set(m, now + this.deps.limits.heartbeatMs);
      });
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
    if (this.pumping || this.stopping || this.pause.paused || !this.link.consumer) return;
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
            if (this.pause.paused) {
              // Arrived after the pause: back to the stream unrun, no attempt counted. The
              // delay keeps paused replicas from handing it to each other in a tight loop
              // until their last pulls expire; after a resume it is back within a second.
              m.nak(PAUSED_REDELIVERY_MS);
              continue;
            }
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
    const held = this.heldSeqs.get(m.seq);
    // Same stream sequence and stored at the same instant: the same message (a stream that
    // was deleted and re-created numbers new messages from 1 again).
    if (held !== undefined && m.info.timestampNanos === held.info.timestampNanos) {
      this.ownRedelivery(m, held);
      return;
    }
    this.holding.set(m, Date.now() + this.deps.limits.heartbeatMs);
    this.heldSeqs.set(m.seq, m);
    void this.deliver(m);
  }

  /**
   * JetStream redelivered a message this worker still holds: its heartbeats lapsed (the
   * event loop was stalled past the ack wait by a CPU-bound step, a swapped-out host or a
   * long GC). The delivery it holds goes on and settles the message; JetStream acts on the
   * stream sequence whichever delivery's reply is used (ack, working, nak and term,
   * measured on 2.9), so the new one is dropped unanswered instead of claiming a second
   * attempt that would run the task again beside the first. The same goes for a copy from a
   * recreated consumer (`nats consumer rm`: its pending messages come again, delivery count
   * 1): that consumer redelivers it after its ack wait, and once the attempt here has
   * settled, the claim finds the row final and acks it.
   */
  private ownRedelivery(m: JsMsg, held: JsMsg): void {
    held.working();
    this.deps.metrics?.lapsed.inc({ holder: 'self', answer: 'held' });
    if (this.holding.has(held)) this.holding.set(held, Date.now() + this.deps.limits.heartbeatMs);
    this.options.logger.warn(
      { subject: m.subject, seq: m.seq, deliveryCount: m.info.deliveryCount },
      'a held delivery was redelivered to its own worker (heartbeats lapsed: event loop stalled past the ack wait); it keeps running once',
    );
  }

  /** One delivery to its end (an async method: no .catch/.finally closures per delivery). */
  private async deliver(m: JsMsg): Promise<void> {
    try {
      await handleDelivery(this.scope, m);
    } catch (e: unknown) {
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
    } finally {
      this.holding.delete(m);
      if (this.heldSeqs.get(m.seq) === m) this.heldSeqs.delete(m.seq);
      if (this.holding.size === 0) this.idle?.();
      this.pump();
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
   * Graceful stop: no new pulls; in-flight attempts get `graceMs` to finish; what is
   * still running then is aborted and put back to the stream (nak) for another replica.
   * Nothing is lost: unstarted messages were never taken, unfinished ones are redelivered.
   */
  async stop(graceMs = 30_000): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    for (const f of this.fetches) f.stop();
    this.revokeSub?.unsubscribe();
    this.pause.stop();
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
    // Only now: while it drained, it still answered for the deliveries it held. (Handlers
    // that ignore their signal past the grace period are given up on here: askers then find
    // no responder and take their tasks over, as after a crash.)
    this.holdingSub?.unsubscribe();
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
      paused: this.pause.paused,
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
