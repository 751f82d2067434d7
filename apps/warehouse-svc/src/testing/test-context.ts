import { Writable } from 'node:stream';
import type { TaskProgress, TaskSubject } from '@repowiki/contracts';
import type { DbClient } from '@repowiki/db';
import type { TaskContext } from '@repowiki/runtime';
import { createTestContext as createRuntimeTestContext, type SubmittedTask } from '@repowiki/runtime/testing';
import pino from 'pino';

export interface Recorded {
  readonly submitted: SubmittedTask[];
  readonly events: { subject: string; event: unknown }[];
  readonly progress: TaskProgress[];
  /** Every log line the handler wrote, as JSON text. */
  readonly logs: string[];
}

/**
 * The runtime's test context (the worker's own context class over a recording attempt) with
 * a real pino logger whose lines are kept for assertions.
 */
export function createTestContext(
  db: DbClient,
  subject: TaskSubject,
  options: { signal?: AbortSignal; publish?: (subject: string, data: string) => void } = {},
): TaskContext & { recorded: Recorded } {
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      logs.push(chunk.toString('utf8'));
      cb();
    },
  });
  const ctx = createRuntimeTestContext(db, subject, { ...options, logger: pino({ level: 'debug' }, sink) });
  const recorded: Recorded = { submitted: ctx.submitted, events: ctx.events, progress: ctx.reported, logs };
  return Object.assign(ctx, { recorded });
}
