import { defineTask, type TaskDefinition } from '@repowiki/contracts';
import { z } from 'zod';

/** Tasks used only by the runtime's tests: short backoffs and limits keep them fast. */
const fast = { maxRetries: 2, backoffMs: 100, backoffMaxMs: 400 };
const limits = { softMs: 5_000, hardMs: 10_000 };
const Keyed = z.strictObject({ key: z.string() });

export const testCatalog = {
  'tasks.warehouse.echo': defineTask({
    queue: 'warehouse',
    name: 'echo',
    description: 'returns its input',
    payload: z.strictObject({ value: z.string(), sleepMs: z.int().nonnegative().default(0) }),
    result: z.object({ value: z.string() }),
    retry: fast,
    timeLimits: limits,
  }),
  'tasks.warehouse.flaky': defineTask({
    queue: 'warehouse',
    name: 'flaky',
    description: 'fails `failures` times, then succeeds',
    payload: z.strictObject({ key: z.string(), failures: z.int() }),
    result: z.object({ attempts: z.int() }),
    retry: fast,
    timeLimits: limits,
  }),
  'tasks.warehouse.doomed': defineTask({
    queue: 'warehouse',
    name: 'doomed',
    description: 'always fails (retriable)',
    payload: Keyed,
    result: z.null(),
    retry: fast,
    timeLimits: limits,
  }),
  'tasks.warehouse.refuse': defineTask({
    queue: 'warehouse',
    name: 'refuse',
    description: 'throws NonRetriableError',
    payload: Keyed,
    result: z.null(),
    retry: fast,
    timeLimits: limits,
  }),
  'tasks.warehouse.slow': defineTask({
    queue: 'warehouse',
    name: 'slow',
    description: 'sleeps, honouring the abort signal, and records its effect',
    payload: z.strictObject({ key: z.string(), ms: z.int() }),
    result: z.object({ key: z.string() }),
    retry: fast,
    timeLimits: limits,
  }),
  'tasks.warehouse.effect': defineTask({
    queue: 'warehouse',
    name: 'effect',
    description: 'records its effect through ctx.complete (die: kill -9 inside the transaction)',
    payload: z.strictObject({ key: z.string(), mode: z.enum(['normal', 'die', 'takeover', 'bad']) }),
    result: z.object({ key: z.string() }),
    retry: fast,
    timeLimits: limits,
  }),
  'tasks.warehouse.patient': defineTask({
    queue: 'warehouse',
    name: 'patient',
    description: 'waits for its signal and reports why it was aborted',
    payload: Keyed,
    result: z.object({ abortedBy: z.string() }),
    retry: { maxRetries: 0 },
    timeLimits: { softMs: 300, hardMs: 5_000 },
  }),
  'tasks.warehouse.spin': defineTask({
    queue: 'warehouse',
    name: 'spin',
    description: 'busy-loops forever in a worker thread',
    payload: Keyed,
    result: z.null(),
    retry: { maxRetries: 0 },
    timeLimits: { softMs: 300, hardMs: 800 },
    isolation: 'thread',
  }),
  'tasks.warehouse.ingest': defineTask({
    queue: 'warehouse',
    name: 'ingest',
    description: 'batch task',
    payload: z.strictObject({ n: z.int() }),
    result: z.object({ recorded: z.boolean() }),
    retry: fast,
    timeLimits: limits,
    batch: { maxSize: 50, maxWaitMs: 100 },
  }),
  'tasks.warehouse.visit': defineTask({
    queue: 'warehouse',
    name: 'visit',
    description: 'batch task whose payload (a client address) the ledger must not keep',
    payload: z.strictObject({ ip: z.string() }),
    result: z.object({ recorded: z.boolean() }),
    retry: fast,
    timeLimits: limits,
    batch: { maxSize: 50, maxWaitMs: 50 },
    storePayload: false,
  }),
  'tasks.warehouse.bulk': defineTask({
    queue: 'warehouse',
    name: 'bulk',
    description: 'batch task whose handler does what its items say (ok, refuse, retry-after, hang)',
    payload: z.strictObject({
      key: z.string(),
      mode: z.enum(['ok', 'refuse', 'retry-after', 'hang', 'outage']),
    }),
    result: z.object({ recorded: z.boolean() }),
    retry: fast,
    timeLimits: { softMs: 200, hardMs: 400 },
    batch: { maxSize: 4, maxWaitMs: 50 },
  }),
  'tasks.warehouse.stubborn': defineTask({
    queue: 'warehouse',
    name: 'stubborn',
    description: 'ignores its signal, sleeps past its hard limit, then records its effect',
    payload: z.strictObject({ key: z.string(), ms: z.int() }),
    result: z.null(),
    retry: { maxRetries: 0 },
    timeLimits: { softMs: 100, hardMs: 200 },
  }),
} as const satisfies Record<string, TaskDefinition>;

export type TestSubject = keyof typeof testCatalog;
