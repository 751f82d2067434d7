import { Writable } from 'node:stream';
import type { DomainEvent, DomainEventSubject, TaskProgress, TaskSubject } from '@repowiki/contracts';
import type { DbClient } from '@repowiki/db';
import type { SubmitOptions, TaskContext } from '@repowiki/runtime';
import pino from 'pino';

export interface Recorded {
  readonly submitted: {
    subject: TaskSubject;
    payload: unknown;
    options: SubmitOptions | undefined;
    taskId: string;
  }[];
  readonly events: { subject: DomainEventSubject; event: unknown }[];
  readonly progress: TaskProgress[];
  /** Every log line the handler wrote, as JSON text. */
  readonly logs: string[];
}

/**
 * A real TaskContext for calling handlers as plain functions: the test's real DbClient,
 * a real pino logger (lines kept for assertions), an AbortController signal. Submitted
 * tasks and events are recorded, because the runtime's TaskClient is not a dependency here.
 */
export function createTestContext(
  db: DbClient,
  subject: TaskSubject,
  options: { signal?: AbortSignal; publish?: (subject: string, data: string) => void } = {},
): TaskContext & { recorded: Recorded } {
  const recorded: Recorded = { submitted: [], events: [], progress: [], logs: [] };
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      recorded.logs.push(chunk.toString('utf8'));
      cb();
    },
  });
  const [, queue = 'warehouse', name = ''] = subject.split('.');
  let n = 0;
  return {
    recorded,
    task: {
      id: crypto.randomUUID(),
      subject,
      queue: queue as TaskContext['task']['queue'],
      name,
      attempt: 1,
      userId: null,
      correlationId: null,
      submittedAt: new Date(),
    },
    signal: options.signal ?? new AbortController().signal,
    logger: pino({ level: 'debug' }, sink),
    db,
    tasks: {
      submit: async (s, payload, opts) => {
        const taskId = opts?.taskId ?? `test-task-${++n}`;
        recorded.submitted.push({ subject: s, payload, options: opts, taskId });
        return taskId;
      },
    },
    progress: (p) => {
      recorded.progress.push(p);
    },
    working: () => {},
    publishEvent: async <E extends DomainEventSubject>(s: E, event: DomainEvent<E>) => {
      recorded.events.push({ subject: s, event });
      options.publish?.(s, JSON.stringify(event));
    },
    // No ledger row here: the writes still commit in one transaction, as in the worker.
    complete: (work) => db.sql.begin((tx) => work(tx)) as ReturnType<typeof work>,
  };
}
