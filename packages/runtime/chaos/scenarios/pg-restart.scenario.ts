import { sleep } from '../infra/wait.js';
import type { Scenario } from '../scenario.js';
import { runUnderLoad } from '../under-load.js';

/** PostgreSQL fast shutdown and immediate start under load. */
export const pgRestart: Scenario = {
  name: 'pg-restart',
  summary: 'PostgreSQL `pg_ctl stop -m fast` then start, under 150 submits/s + 100 page views/s for 20 s',
  async run(ctx) {
    return runUnderLoad(ctx, 'pg-restart', {
      stage: { workers: 2 },
      submitsPerSec: ctx.quick ? 50 : 150,
      pageViewsPerSec: ctx.quick ? 50 : 100,
      durationMs: ctx.quick ? 10_000 : 20_000,
      async disrupt(_stage, notes) {
        await sleep(ctx.quick ? 3_000 : 7_000);
        const t0 = Date.now();
        await ctx.pg.stopFast();
        await ctx.pg.start();
        notes.push(`PostgreSQL restarted in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      },
    });
  },
};
