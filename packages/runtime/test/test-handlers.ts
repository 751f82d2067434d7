import type { DbClient } from '@repowiki/db';
import { textArray } from '@repowiki/db';
import pino from 'pino';
import type { BatchContext, TaskContext } from '../src/context.js';
import { NonRetriableError } from '../src/errors.js';
import { threadHandler } from '../src/worker/thread-pool.js';
import type { RuntimeHandler } from '../src/worker/worker-deps.js';

/** Handlers of the test catalog (no vitest imports: also used by worker-process.ts). */
export const silent = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      reject(signal.reason);
    });
  });

/** Handlers of the test catalog. `effects` records side effects per key (attempt count). */
export function testHandlers(effects: Map<string, number>, db?: DbClient): Record<string, RuntimeHandler> {
  const bump = (key: string) => {
    const n = (effects.get(key) ?? 0) + 1;
    effects.set(key, n);
    return n;
  };
  return {
    'tasks.warehouse.echo': async (p: unknown, ctx: TaskContext) => {
      const { value, sleepMs } = p as { value: string; sleepMs: number };
      if (sleepMs) await sleep(sleepMs, ctx.signal);
      return { value };
    },
    'tasks.warehouse.flaky': async (p: unknown) => {
      const { key, failures } = p as { key: string; failures: number };
      const n = bump(key);
      if (n <= failures) throw new Error(`flaky failure ${n}`);
      return { attempts: n };
    },
    'tasks.warehouse.doomed': async (p: unknown) => {
      bump((p as { key: string }).key);
      throw new Error('doomed to fail');
    },
    'tasks.warehouse.refuse': async (p: unknown) => {
      bump((p as { key: string }).key);
      throw new NonRetriableError('refused: bad repository', { code: 'bad_repo' });
    },
    'tasks.warehouse.slow': async (p: unknown, ctx: TaskContext) => {
      const { key, ms } = p as { key: string; ms: number };
      ctx.progress({ percent: 10, step: 'sleeping' });
      await sleep(ms, ctx.signal);
      // The effect lands only when the task completes (a killed attempt leaves nothing).
      if (db) await db.sql`insert into test_effects (key) values (${key})`;
      bump(key);
      return { key };
    },
    'tasks.warehouse.effect': async (p: unknown, ctx: TaskContext) => {
      const { key, mode } = p as { key: string; mode: 'normal' | 'die' | 'takeover' | 'bad' };
      try {
        return await ctx.complete(async (tx) => {
          await tx`insert into test_effects (key) values (${key})`;
          // Only a child worker process dies (DIE_IN_COMPLETE): the effect is written, not committed.
          if (mode === 'die' && process.env.DIE_IN_COMPLETE === '1') process.kill(process.pid, 'SIGKILL');
          // Another worker took the delivery over meanwhile (as after a missed heartbeat).
          if (mode === 'takeover' && db) {
            await db.sql`update task_runs set attempts = attempts + 1, worker_id = 'other-worker'
              where id = ${ctx.task.id}`;
          }
          return (mode === 'bad' ? { key: 42 } : { key }) as { key: string };
        });
      } catch (e) {
        bump(`${key}:${(e as Error).name}`);
        throw e;
      }
    },
    'tasks.warehouse.patient': async (_p: unknown, ctx: TaskContext) => {
      const reason = await new Promise<string>((resolve) =>
        ctx.signal.addEventListener('abort', () =>
          resolve((ctx.signal.reason as { reason?: string })?.reason ?? 'unknown'),
        ),
      );
      return { abortedBy: reason };
    },
    'tasks.warehouse.spin': threadHandler(new URL('./spin.worker.mjs', import.meta.url), 'spin'),
    'tasks.warehouse.effects': (async (
      items: readonly { taskId: string; payload: { key: string; mode: string } }[],
      ctx: BatchContext,
    ) => {
      try {
        await ctx.complete(async (tx) => {
          await tx`insert into test_effects (key) select unnest(${textArray(items.map((i) => i.payload.key))}::text::text[])`;
          // Another worker took one item over meanwhile (as after a missed heartbeat).
          const taken = items.find((i) => i.payload.mode === 'takeover');
          if (taken && db) {
            await db.sql`update task_runs set attempts = attempts + 1, worker_id = 'other-worker'
              where id = ${taken.taskId}`;
          }
        });
      } catch (e) {
        for (const i of items) bump(`${i.payload.key}:${(e as Error).name}`);
        throw e;
      }
      // Only a child worker process dies (DIE_AFTER_COMPLETE): committed, not yet settled.
      if (items.some((i) => i.payload.mode === 'die') && process.env.DIE_AFTER_COMPLETE === '1')
        process.kill(process.pid, 'SIGKILL');
    }) as never,
    'tasks.warehouse.ingest': (async (items: readonly { payload: { n: number } }[]) => {
      for (const it of items) bump(`ingest:${it.payload.n}`);
    }) as never,
  };
}
