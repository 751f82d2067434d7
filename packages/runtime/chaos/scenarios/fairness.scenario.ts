import { readEffects } from '../effects.js';
import { until } from '../infra/wait.js';
import { drain, measureCompletions } from '../measure.js';
import type { Scenario } from '../scenario.js';
import { openStage } from '../stage.js';
import { pacedCount, Tracker } from '../tracker.js';
import { DRAIN_IDLE_MS } from '../under-load.js';

/** B's task must start within this while A's backlog is queued (the target). */
const B_START_TARGET_MS = 2_000;

/**
 * With TASK_MAX_SIZE_PER_USER=1, user A floods 1,000 tasks, then user B submits one: B
 * must start within 2 s. A's tasks are short (1–50 ms), since they run one at a time.
 */
export const fairness: Scenario = {
  name: 'fairness',
  summary:
    'TASK_MAX_SIZE_PER_USER=1: user A floods 1,000 tasks (1–50 ms), then user B submits one; B must start < 2 s',
  async run(ctx) {
    const flood = ctx.quick ? 100 : 1_000;
    const stage = await openStage(ctx, 'fairness', { workers: 2, workerEnv: { MAX_PER_USER: '1' } });
    try {
      const tracker = new Tracker(stage);
      await pacedCount(1_000, flood, () =>
        tracker.submit({ userId: 'user-a' }, 1 + Math.floor(Math.random() * 50)),
      );
      const bSubmittedAt = Date.now();
      const b = await tracker.submit({ userId: 'user-b' }, 50);
      const bStarted = async () =>
        (await readEffects(ctx.db.sql, [b])).find((e) => e.kind === 'started')?.firstAtMs;
      await until('user B started', async () => (await bStarted()) !== undefined, 60_000, 100).catch(
        () => {},
      );
      const startedAt = await bStarted();
      // A's backlog runs one at a time: give it time, as long as it keeps moving.
      await drain(ctx.db.sql, [...tracker.accepted.keys()], {
        idleMs: DRAIN_IDLE_MS,
        maxMs: 600_000,
        log: ctx.log,
      });
      const row = await measureCompletions(ctx.db.sql, 'fairness', tracker.accepted, Date.now());
      if (startedAt === undefined) {
        row.violations.push('user B had not started after 60 s');
      } else {
        const waitMs = startedAt - bSubmittedAt;
        row.notes.push(`user B started after ${(waitMs / 1000).toFixed(2)} s`);
        if (waitMs > B_START_TARGET_MS)
          row.violations.push(`user B waited ${(waitMs / 1000).toFixed(1)} s (> 2 s)`);
      }
      if (stage.pool.crashes) row.violations.push(`${stage.pool.crashes} worker crashes`);
      return row;
    } finally {
      await stage.close();
    }
  },
};
