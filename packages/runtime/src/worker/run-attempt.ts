import type { JsMsg } from '@nats-io/jetstream';
import type {
  DomainEvent,
  DomainEventSubject,
  Queue,
  TaskDefinition,
  TaskProgress,
  TaskSubject,
} from '@repowiki/contracts';
import type { Logger } from 'pino';
import type { TransactionSql } from 'postgres';
import type { TaskContext, TaskInfo } from '../context.js';
import { TaskAbortedError } from '../errors.js';
import { StaleAttemptError } from '../ledger/finish-in-tx.js';
import { watchRunningAttempts } from './attempt-watch.js';
import { completeAttempt } from './complete-attempt.js';
import type { Envelope } from './decode.js';
import { ProgressReporter } from './progress-reporter.js';
import { type Outcome, settle } from './settle.js';
import type { ThreadHandlerRef } from './thread-pool.js';
import { effectiveTimeLimits } from './time-limits.js';
import type { InlineHandlerFn, WorkerDeps } from './worker-deps.js';

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
export async function runAttempt(deps: WorkerDeps, input: AttemptInput): Promise<void> {
  const { m, envelope, task, attempt } = input;
  const startedAt = Date.now();
  // The AbortController (an EventTarget) is made when the handler first reads `signal`, or
  // when something aborts: a no-op handler never pays for it.
  let controller: AbortController | undefined;
  let abortReason: TaskAbortedError | undefined;
  const signal = (): AbortSignal => {
    controller ??= new AbortController();
    if (abortReason && !controller.signal.aborted) controller.abort(abortReason);
    return controller.signal;
  };
  const { softMs, hardMs } = effectiveTimeLimits(task, deps.limits);
  const info: TaskInfo = {
    id: envelope.taskId,
    subject: task.subject as TaskSubject,
    queue: task.queue as Queue,
    name: task.name,
    attempt,
    userId: envelope.userId,
    correlationId: envelope.correlationId,
    submittedAt: envelope.submittedAt ?? new Date(startedAt),
  };
  // pino child loggers cost microseconds each; most fast attempts never log.
  let childLogger: Logger | undefined;
  const log = (): Logger => {
    childLogger ??= deps.logger.child({ task: task.subject, taskId: envelope.taskId, attempt });
    return childLogger;
  };
  // Created on the first report: most attempts never report progress.
  let reporter: ProgressReporter | undefined;
  const reportProgress = (p: TaskProgress): void => {
    reporter ??= new ProgressReporter(writeProgress);
    reporter.report(p);
  };
  const writeProgress = async (p: TaskProgress): Promise<void> => {
    await deps.ledger.recordProgress(envelope.taskId, attempt, p);
    deps.nc.publish(
      deps.topology.eventSubject(task.queue, task.name, 'progress'),
      JSON.stringify({
        taskId: envelope.taskId,
        task: task.subject,
        queue: task.queue,
        attempts: attempt,
        progress: p,
        at: new Date().toISOString(),
      }),
    );
  };

  let settling = false;
  let revokeRequested = false;
  // ctx.complete: its transaction in flight, and the result it committed with SUCCESS.
  let completing: Promise<unknown> | undefined;
  let committed: { value: unknown } | undefined;
  let finish: (o: Outcome) => void = () => {};
  const ended = new Promise<Outcome>((resolve) => {
    finish = (o) => {
      settling = true;
      resolve(o);
    };
  });
  let thread: { softAbort(reason: string): void; kill(): void } | undefined;
  const abortSignal = (reason: TaskAbortedError['reason']) => {
    abortReason ??= new TaskAbortedError(reason);
    if (controller && !controller.signal.aborted) controller.abort(abortReason);
    thread?.softAbort(reason);
  };

  // Deadlines are checked by the worker's one scanner (no timers per attempt): the soft and
  // the hard limit.
  const softAt = startedAt + softMs;
  const hardAt = startedAt + hardMs;
  let softDone = false;
  let hardDone = false;
  deps.active.set(envelope.taskId, {
    taskId: envelope.taskId,
    subject: task.subject,
    attempt,
    userId: envelope.userId,
    startedAt: new Date(startedAt),
    tick(now) {
      if (settling) return;
      if (!softDone && now >= softAt) {
        softDone = true;
        abortSignal('soft_time_limit');
      }
      if (!hardDone && now >= hardAt) {
        hardDone = true;
        abortSignal('hard_time_limit');
        if (thread) {
          thread.kill();
          finish({ kind: 'hard_limit', hardMs });
        } else {
          // An inline handler cannot be killed: it keeps its slot and its held delivery
          // until it returns (then ends hard_limit), so concurrency is never exceeded and no
          // effect of it can land after its FAILURE is written (defect 8).
          log().warn({ hardMs }, 'handler ignores its signal past its hard time limit');
        }
      }
    },
    abort(reason) {
      abortSignal(reason);
      if (reason === 'revoked') {
        // The outcome stays the handler's: one that stops on its signal (or a thread that is
        // killed) ends REVOKED, one that completes anyway is SUCCESS (decide).
        revokeRequested = true;
        thread?.kill();
      } else {
        finish({ kind: 'shutdown' });
      }
    },
  });
  watchRunningAttempts(deps);
  deps.metrics?.inFlight.inc({ task: task.subject });

  try {
    if (typeof input.handler === 'function') {
      const ctx: TaskContext = {
        task: info,
        get signal() {
          return signal();
        },
        get logger() {
          return log();
        },
        db: deps.db,
        tasks: {
          submit: (subject, payload, opts = {}) =>
            deps.submitter.submit(subject, payload, {
              parentId: envelope.taskId,
              correlationId: envelope.correlationId ?? envelope.taskId,
              ...(envelope.userId ? { userId: envelope.userId } : {}),
              ...opts,
            }),
        },
        progress: reportProgress,
        working: () => m.working(),
        publishEvent: async <E extends DomainEventSubject>(subject: E, event: DomainEvent<E>) => {
          deps.nc.publish(deps.topology.subject(subject), JSON.stringify(event));
        },
        complete: <R>(work: (tx: TransactionSql) => Promise<R>): Promise<R> => {
          if (completing) return Promise.reject(new Error('ctx.complete may be called once per attempt'));
          // Past its hard limit (or stopping) the attempt's outcome is already decided.
          if (settling || hardDone) return Promise.reject(new StaleAttemptError(envelope.taskId, attempt));
          const run = completeAttempt(
            deps,
            task,
            { id: envelope.taskId, attempt, startedAt: new Date(startedAt) },
            work,
          ).then((done) => {
            committed = { value: done.stored };
            return done.value;
          });
          completing = run;
          return run;
        },
      };
      input.handler(input.payload, ctx).then(
        (value) => finish(hardDone ? { kind: 'hard_limit', hardMs } : { kind: 'success', value }),
        (error: unknown) => finish(hardDone ? { kind: 'hard_limit', hardMs } : { kind: 'error', error }),
      );
    } else {
      const run = deps.threads().run(input.handler, input.payload, info, {
        onProgress: reportProgress,
        onLog: (level, msg, data) =>
          (log() as unknown as Record<string, (o: unknown, m: string) => void>)[level]?.(data ?? {}, msg),
      });
      thread = run;
      run.promise.then(
        (value) => finish({ kind: 'success', value }),
        (error: unknown) => finish({ kind: 'error', error }),
      );
    }
    const outcome = await ended;
    // A shutdown or hard limit may end the wait while ctx.complete's commit is in flight:
    // what it committed decides the outcome.
    await completing?.catch(() => {});
    await reporter?.close();
    await settle(deps, { m, envelope, task, attempt, startedAt, revokeRequested, committed }, outcome);
  } finally {
    deps.active.delete(envelope.taskId);
    deps.metrics?.inFlight.dec({ task: task.subject });
  }
}
