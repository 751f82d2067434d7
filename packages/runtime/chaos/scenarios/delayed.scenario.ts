import { randomUUID } from 'node:crypto';
import { WORK } from '../chaos-catalog.js';
import { readEffects } from '../effects.js';
import { FINAL, ledgerStates } from '../ledger-states.js';
import { drain, measureCompletions } from '../measure.js';
import type { Scenario } from '../scenario.js';
import { openStage } from '../stage.js';
import { paced, pacedCount, Tracker } from '../tracker.js';
import { DRAIN_IDLE_MS } from '../under-load.js';

const DELAY_MS = 10 * 60_000;

/**
 * 1,000 tasks due in 10 minutes, then immediate tasks: the immediate ones must not stall
 * behind the delayed ones; the delayed ones must stay parked (in the ledger, not final)
 * and must not run early. They are not waited for.
 */
export const delayed: Scenario = {
  name: 'delayed',
  summary: '1,000 tasks with a 10-minute countdown, then 100 immediate tasks/s for 20 s',
  async run(ctx) {
    const delayedCount = ctx.quick ? 100 : 1_000;
    const stage = await openStage(ctx, 'delayed', { workers: 2 });
    try {
      const tracker = new Tracker(stage);
      const delayedIds: string[] = [];
      let refused = 0;
      await pacedCount(500, delayedCount, async () => {
        const taskId = randomUUID();
        try {
          await stage.client.submitAny(WORK.warehouse, { ms: 10 }, { taskId, countdownMs: DELAY_MS });
          delayedIds.push(taskId);
        } catch {
          refused++;
        }
      });
      await paced(100, ctx.quick ? 6_000 : 20_000, () => tracker.submit());
      await drain(ctx.db.sql, [...tracker.accepted.keys()], {
        idleMs: DRAIN_IDLE_MS,
        maxMs: 300_000,
        log: ctx.log,
      });
      const row = await measureCompletions(ctx.db.sql, 'delayed', tracker.accepted, Date.now());
      const started = new Set(
        (await readEffects(ctx.db.sql, delayedIds)).filter((e) => e.kind === 'started').map((e) => e.taskId),
      );
      const early = started.size;
      const states = await ledgerStates(ctx.db.sql, delayedIds);
      const parked = delayedIds.filter(
        (id) => !started.has(id) && states.has(id) && !FINAL.has(states.get(id)!),
      ).length;
      row.submitted += delayedIds.length;
      row.failedAsExpected = parked;
      row.lost += delayedIds.length - parked - early;
      row.notes.push(
        `${row.submitted - delayedIds.length} immediate; ${parked} of ${delayedIds.length} delayed parked (not final, not started)`,
      );
      if (refused) row.notes.push(`${refused} delayed submits refused (not counted)`);
      if (early) row.violations.push(`${early} delayed tasks ran early`);
      if (stage.pool.crashes) row.violations.push(`${stage.pool.crashes} worker crashes`);
      return row;
    } finally {
      await stage.close();
    }
  },
};
