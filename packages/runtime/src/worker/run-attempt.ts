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
import type { TaskContext, TaskInfo } from '../context.js';
import { TaskAbortedError } from '../errors.js';
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
  attempt: number;
  /** The running mark is already written (per-user tasks, rows created on delivery). */
  marked: boolean;
  handler: InlineHandlerFn | ThreadHandlerRef;
}

/**
 * An attempt still running after this long gets its running mark (STARTED, attempts + 1)
 * so `status`, `inspect active` and crash accounting see it. Faster attempts go straight to
 * their final state in one write. @default 100 ms
 */
export const START_MARK_DELAY_MS = 100;

/**
 * Runs one started attempt under its limits and settles it:
 * - soft limit: the handler's signal aborts (it may clean up and throw);
 * - hard limit: the attempt ends as FAILURE at the limit whatever the handler does
 *   (thread handlers are terminated; an inline handler's promise is abandoned);
 * - revoke: the signal aborts and the attempt ends REVOKED.
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
  let marking: Promise<boolean> | undefined = input.marked ? Promise.resolve(true) : undefined;
  const ensureMarked = (): Promise<boolean> => {
    marking ??= deps.ledger
      .markStarted({
        id: envelope.taskId,
        seen: attempt - 1,
        workerId: deps.workerId,
        leaseMs: deps.limits.leaseMs,
        startedAt: new Date(startedAt),
      })
      .then(
        (ok) => {
          if (!ok) log().warn({}, 'task was started elsewhere meanwhile; this attempt will not be recorded');
          return ok;
        },
        (e: unknown) => {
          log().warn({ err: e }, 'running mark failed');
          return false;
        },
      );
    return marking;
  };
  // Created on the first report: most attempts never report progress.
  let reporter: ProgressReporter | undefined;
  const reportProgress = (p: TaskProgress): void => {
    reporter ??= new ProgressReporter(writeProgress);
    reporter.report(p);
  };
  const writeProgress = async (p: TaskProgress): Promise<void> => {
    await ensureMarked();
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

  // Once the outcome is known no running mark is written: the final write follows.
  let settling = false;
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

  // Deadlines are checked by the worker's one scanner (no timers per attempt): the running
  // mark, the soft and the hard limit.
  const markAt = input.marked ? Number.POSITIVE_INFINITY : startedAt + START_MARK_DELAY_MS;
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
      if (now >= markAt && !marking) void ensureMarked();
      if (!softDone && now >= softAt) {
        softDone = true;
        abortSignal('soft_time_limit');
      }
      if (!hardDone && now >= hardAt) {
        hardDone = true;
        abortSignal('hard_time_limit');
        thread?.kill();
        finish({ kind: 'hard_limit' });
      }
    },
    abort(reason) {
      abortSignal(reason);
      if (reason === 'revoked') {
        thread?.kill();
        finish({ kind: 'revoked' });
      } else {
        finish({ kind: 'shutdown' });
      }
    },
  });
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
      };
      input.handler(input.payload, ctx).then(
        (value) => finish({ kind: 'success', value }),
        (error: unknown) => finish({ kind: 'error', error }),
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
    // A mark in flight lands before the final write (ordering keeps the ledger readable).
    if (marking) await marking;
    await reporter?.close();
    await settle(deps, { m, envelope, task, attempt, startedAt }, outcome);
  } finally {
    deps.active.delete(envelope.taskId);
    deps.metrics?.inFlight.dec({ task: task.subject });
  }
}
