import { textArray } from '@repowiki/db';
import type { BatchContext, BatchItem, TaskContext } from '../src/context.js';
import type { RuntimeHandler } from '../src/worker/worker-deps.js';
import { WORK, type WorkPayload } from './chaos-catalog.js';
import { recordEffects } from './effects.js';

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const t = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

/**
 * A realistic handler: marks that it started, works `ms` (1–200 ms) while honouring its
 * abort signal, then writes its effect in the transaction of its SUCCESS. An abort is recorded
 * as such, so a revoke can be checked against what the handler actually did.
 */
async function work(payload: unknown, ctx: TaskContext): Promise<{ ok: boolean }> {
  const { ms } = payload as WorkPayload;
  await recordEffects(ctx.db.sql, [ctx.task.id], 'started');
  try {
    await sleep(ms, ctx.signal);
  } catch (e) {
    await recordEffects(ctx.db.sql, [ctx.task.id], 'aborted').catch(() => {});
    throw e;
  }
  // The effect commits with the attempt's SUCCESS row (ctx.complete): a kill -9 between
  // the two can no longer make the redelivery record it twice.
  return ctx.complete(async (tx) => {
    await recordEffects(tx, [ctx.task.id], 'completed');
    return { ok: true };
  });
}

/**
 * The access-log batch: one effect row per page view (entry id), in one statement (like
 * accesslog-svc). The task runs without ledger rows (`ledger: false`), so, like
 * accesslog-svc's unique `message_id`, the entry id is the idempotence key: a redelivery
 * after a crash between commit and ack adds nothing (`on conflict do nothing`), and a lost
 * page view still shows as a missing `completed` effect.
 */
async function recordAccess(items: readonly BatchItem<'tasks.accesslog.record'>[], ctx: BatchContext) {
  const ids: string[] = [];
  for (const item of items) {
    const p = item.payload as { entry?: unknown; entries?: { id?: unknown }[] };
    if (!p.entries) ids.push(item.taskId);
    else for (const e of p.entries) if (typeof e?.id === 'string') ids.push(e.id);
  }
  await ctx.complete(async (tx) => {
    await tx`
      insert into chaos_effects (task_id, kind)
      select unnest(${textArray(ids)}::text::text[]), 'completed'
      on conflict (task_id, kind) do nothing`;
  });
}

export function chaosHandlers(): Record<string, RuntimeHandler> {
  return {
    [WORK.warehouse]: work,
    [WORK.statistics]: work,
    [WORK.minimap]: work,
    [WORK.migration]: work,
    [WORK.accesslog]: recordAccess as unknown as RuntimeHandler,
  };
}
