import { sleep } from '../infra/wait.js';
import type { Scenario } from '../scenario.js';
import { runUnderLoad } from '../under-load.js';

/** Seconds PostgreSQL stays down. @default 120 (CHAOS_PG_OUTAGE_S; 10 with --quick) */
function outageSeconds(quick: boolean): number {
  const v = process.env.CHAOS_PG_OUTAGE_S;
  return v ? Number(v) : quick ? 10 : 120;
}

/**
 * PostgreSQL down for two minutes under load. Page views keep arriving through
 * the access-log publisher (NATS only); TaskClient.submit needs the ledger, so its callers are
 * refused while the database is down (counted in the notes, not as submitted).
 */
export const pgOutage: Scenario = {
  name: 'pg-outage',
  summary:
    'PostgreSQL down CHAOS_PG_OUTAGE_S (default 120 s) under 50 submits/s + 100 page views/s, then started again',
  async run(ctx) {
    const outageS = outageSeconds(ctx.quick);
    return runUnderLoad(ctx, 'pg-outage', {
      stage: { workers: 2 },
      submitsPerSec: 50,
      pageViewsPerSec: 100,
      durationMs: (outageS + 15) * 1000,
      async disrupt(_stage, notes) {
        await sleep(5_000);
        await ctx.pg.stopFast();
        await sleep(outageS * 1000);
        await ctx.pg.start();
        notes.push(`PostgreSQL down ${outageS} s`);
      },
    });
  },
};
