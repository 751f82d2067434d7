import type { JsMsg } from '@nats-io/jetstream';
import type { Queue, TaskDefinition, TaskInput, TaskProgress, TaskSubject } from '@repowiki/contracts';
import type { DbClient } from '@repowiki/db';
import type { Logger } from 'pino';
import type { TransactionSql } from 'postgres';
import type { SubmitOptions, TaskInfo } from '../context.js';
import { TaskAbortedError } from '../errors.js';
import { StaleAttemptError } from '../ledger/finish-in-tx.js';
import { AttemptContext, type AttemptPort } from './attempt-context.js';
import { watchRunningAttempts } from './attempt-watch.js';
import { completeAttempt } from './complete-attempt.js';
import type { Envelope } from './decode.js';
import { ProgressReporter } from './progress-reporter.js';
import { type Outcome, settle } from './settle.js';
import type { ThreadHandlerRef } from './thread-pool.js';
import { effectiveTimeLimits } from './time-limits.js';
import type { ActiveTask, InlineHandlerFn, WorkerDeps } from './worker-deps.js';

export interface AttemptInput {
  m: JsMsg;
  envelope: Envelope;
  task: TaskDefinition;
  payload: unknown;
  /** The attempt this delivery claimed (the claim is the running mark). */
  attempt: number;
  handler: InlineHandlerFn | ThreadHandlerRef;
}

/**
 * Runs one started attempt under its limits and settles it:
 * - soft limit: the handler's signal aborts (it may clean up and throw);
 * - hard limit: the attempt ends as FAILURE whatever the handler does: thread handlers are
 *   terminated at the limit; an inline handler's signal aborts and its attempt keeps its
 *   slot and delivery until it returns, then ends FAILURE (nothing lands after FAILURE);
 * - revoke: the signal aborts (thread handlers are terminated); the attempt ends REVOKED
 *   unless the handler completes anyway, which is then its outcome.
 * The worker heartbeats the delivery (`working()`) for as long as it holds it.
 */
export function runAttempt(deps: WorkerDeps, input: AttemptInput): Promise<void> {
  return new Attempt(deps, input).run();
}

/** A thread handler's run, as the attempt steers it. */
interface ThreadRun {
  softAbort(reason: string): void;
  kill(): void;
}

function ignore(): void {}

/**
 * One attempt's state and behaviour in one object: it is the worker's `active` entry (the
 * deadline scanner's `tick`, revoke's and shutdown's `abort`) and what its handler's context
 * (AttemptContext) calls into. Its methods live on the prototype: an attempt allocates this
 * object, its TaskInfo and its context, and the rest (AbortController, child logger,
 * progress throttle, ended promise's resolvers) only when used or needed.
 */
class Attempt implements ActiveTask, AttemptPort {
  readonly taskId: string;
  readonly subject: string;
  readonly attempt: number;
  readonly userId: string | null;
  readonly info: TaskInfo;
  private readonly startedAtMs: number;
  private readonly softAt: number;
  private readonly hardAt: number;
  private readonly hardMs: number;
  // The AbortController (an EventTarget) is made when the handler first reads `signal`, or
  // when something aborts: a no-op handler never pays for it.
  private controller: AbortController | undefined;
  private abortReason: TaskAbortedError | undefined;
  // pino child loggers cost microseconds each; most fast attempts never log.
  private childLogger: Logger | undefined;
  // Created on the first report: most attempts never report progress.
  private reporter: ProgressReporter | undefined;
  private settling = false;
  private revokeRequested = false;
  // ctx.complete: its transaction in flight, and the result it committed with SUCCESS.
  private completing: Promise<unknown> | undefined;
  private committed: { value: unknown } | undefined;
  private thread: ThreadRun | undefined;
  private softDone = false;
  private hardDone = false;
  private outcome: Outcome | undefined;
  private resolveEnded: ((o: Outcome) => void) | undefined;

  constructor(
    private readonly deps: WorkerDeps,
    private readonly input: AttemptInput,
  ) {
    const { envelope, task, attempt } = input;
    this.startedAtMs = Date.now();
    this.taskId = envelope.taskId;
    this.subject = task.subject;
    this.attempt = attempt;
    this.userId = envelope.userId;
    this.info = {
      id: envelope.taskId,
      subject: task.subject as TaskSubject,
      queue: task.queue as Queue,
      name: task.name,
      attempt,
      userId: envelope.userId,
      correlationId: envelope.correlationId,
      submittedAt: envelope.submittedAt ?? new Date(this.startedAtMs),
    };
    // Deadlines are checked by the worker's one scanner (no timers per attempt): the soft
    // and the hard limit.
    const { softMs, hardMs } = effectiveTimeLimits(task, deps.limits);
    this.hardMs = hardMs;
    this.softAt = this.startedAtMs + softMs;
    this.hardAt = this.startedAtMs + hardMs;
  }

  /** ActiveTask: as `inspect active` shows it (made when read). */
  get startedAt(): Date {
    return new Date(this.startedAtMs);
  }

  get db(): DbClient {
    return this.deps.db;
  }

  async run(): Promise<void> {
    const { deps, input } = this;
    deps.active.set(this.taskId, this);
    watchRunningAttempts(deps);
    deps.metrics?.inFlight.inc({ task: this.subject });
    try {
      if (typeof input.handler === 'function') {
        let running: Promise<unknown>;
        try {
          running = input.handler(input.payload, new AttemptContext(this));
        } catch (e: unknown) {
          // A handler that is not async may throw before returning a promise: that is its
          // outcome (retried, or failed at once for NonRetriableError), not a worker failure.
          running = Promise.reject(e);
        }
        void this.awaitInline(running);
      } else {
        const run = deps.threads().run(input.handler, input.payload, this.info, {
          onProgress: (p) => this.reportProgress(p),
          onLog: (level, msg, data) =>
            (this.log() as unknown as Record<string, (o: unknown, m: string) => void>)[level]?.(
              data ?? {},
              msg,
            ),
        });
        this.thread = run;
        void this.awaitThread(run.promise);
      }
      const outcome = await this.ended();
      // A shutdown or hard limit may end the wait while ctx.complete's commit is in flight:
      // what it committed decides the outcome.
      // (Awaited only when there is something to wait for: an `await undefined` costs a
      // promise and a turn of the microtask queue per attempt.)
      if (this.completing) await this.completing.catch(ignore);
      if (this.reporter) await this.reporter.close();
      await settle(
        deps,
        {
          m: input.m,
          envelope: input.envelope,
          task: input.task,
          attempt: this.attempt,
          startedAt: this.startedAtMs,
          revokeRequested: this.revokeRequested,
          committed: this.committed,
        },
        outcome,
      );
    } finally {
      deps.active.delete(this.taskId);
      deps.metrics?.inFlight.dec({ task: this.subject });
    }
  }

  /** The outcome, once the handler returned or something ended the attempt. */
  private ended(): Promise<Outcome> | Outcome {
    if (this.outcome) return this.outcome;
    return new Promise<Outcome>((resolve) => {
      this.resolveEnded = resolve;
    });
  }

  /** The first outcome wins; from then on the attempt is settling. */
  private finish(o: Outcome): void {
    this.settling = true;
    if (this.outcome) return;
    this.outcome = o;
    this.resolveEnded?.(o);
  }

  private async awaitInline(running: Promise<unknown>): Promise<void> {
    let o: Outcome;
    try {
      const value = await running;
      o = this.hardDone ? { kind: 'hard_limit', hardMs: this.hardMs } : { kind: 'success', value };
    } catch (error: unknown) {
      o = this.hardDone ? { kind: 'hard_limit', hardMs: this.hardMs } : { kind: 'error', error };
    }
    this.finish(o);
  }

  private async awaitThread(running: Promise<unknown>): Promise<void> {
    let o: Outcome;
    try {
      o = { kind: 'success', value: await running };
    } catch (error: unknown) {
      o = { kind: 'error', error };
    }
    this.finish(o);
  }

  private abortSignal(reason: TaskAbortedError['reason']): void {
    this.abortReason ??= new TaskAbortedError(reason);
    if (this.controller && !this.controller.signal.aborted) this.controller.abort(this.abortReason);
    this.thread?.softAbort(reason);
  }

  /** ActiveTask: the deadline scanner's check, with Date.now(). */
  tick(now: number): void {
    if (this.settling) return;
    if (!this.softDone && now >= this.softAt) {
      this.softDone = true;
      this.abortSignal('soft_time_limit');
    }
    if (!this.hardDone && now >= this.hardAt) {
      this.hardDone = true;
      this.abortSignal('hard_time_limit');
      if (this.thread) {
        this.thread.kill();
        this.finish({ kind: 'hard_limit', hardMs: this.hardMs });
      } else {
        // An inline handler cannot be killed: it keeps its slot and its held delivery
        // until it returns (then ends hard_limit), so concurrency is never exceeded and no
        // effect of it can land after its FAILURE is written (defect 8).
        this.log().warn({ hardMs: this.hardMs }, 'handler ignores its signal past its hard time limit');
      }
    }
  }

  /** ActiveTask: revoke or shutdown. */
  abort(reason: 'revoked' | 'shutdown'): void {
    this.abortSignal(reason);
    if (reason === 'revoked') {
      // The outcome stays the handler's: one that stops on its signal (or a thread that is
      // killed) ends REVOKED, one that completes anyway is SUCCESS (decide).
      this.revokeRequested = true;
      this.thread?.kill();
    } else {
      this.finish({ kind: 'shutdown' });
    }
  }

  // AttemptPort: what the handler's context calls.

  signal(): AbortSignal {
    this.controller ??= new AbortController();
    if (this.abortReason && !this.controller.signal.aborted) this.controller.abort(this.abortReason);
    return this.controller.signal;
  }

  log(): Logger {
    this.childLogger ??= this.deps.logger.child({
      task: this.subject,
      taskId: this.taskId,
      attempt: this.attempt,
    });
    return this.childLogger;
  }

  reportProgress(p: TaskProgress): void {
    this.reporter ??= new ProgressReporter((q) => this.writeProgress(q));
    this.reporter.report(p);
  }

  private async writeProgress(p: TaskProgress): Promise<void> {
    const { deps } = this;
    const task = this.input.task;
    await deps.ledger.recordProgress(this.taskId, this.attempt, p);
    deps.nc.publish(
      deps.topology.eventSubject(task.queue, task.name, 'progress'),
      JSON.stringify({
        taskId: this.taskId,
        task: task.subject,
        queue: task.queue,
        attempts: this.attempt,
        progress: p,
        at: new Date().toISOString(),
      }),
    );
  }

  working(): void {
    this.input.m.working();
  }

  publishEvent(subject: string, body: string): void {
    this.deps.nc.publish(this.deps.topology.subject(subject), body);
  }

  complete<R>(work: (tx: TransactionSql) => Promise<R>): Promise<R> {
    if (this.completing) return Promise.reject(new Error('ctx.complete may be called once per attempt'));
    // Past its hard limit (or stopping) the attempt's outcome is already decided.
    if (this.settling || this.hardDone)
      return Promise.reject(new StaleAttemptError(this.taskId, this.attempt));
    const run = this.commit(work);
    this.completing = run;
    return run;
  }

  private async commit<R>(work: (tx: TransactionSql) => Promise<R>): Promise<R> {
    const done = await completeAttempt(
      this.deps,
      this.input.task,
      { id: this.taskId, attempt: this.attempt, startedAt: new Date(this.startedAtMs) },
      work,
    );
    this.committed = { value: done.stored };
    return done.value;
  }

  submitChild<S extends TaskSubject>(
    subject: S,
    payload: TaskInput<S>,
    options: SubmitOptions = {},
  ): Promise<string> {
    const { envelope } = this.input;
    return this.deps.submitter.submit(subject, payload, {
      parentId: envelope.taskId,
      correlationId: envelope.correlationId ?? envelope.taskId,
      ...(envelope.userId ? { userId: envelope.userId } : {}),
      ...options,
    });
  }
}
