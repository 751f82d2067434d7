import type { Scenario } from '../scenario.js';
import { repeatFor, runUnderLoad } from '../under-load.js';

/** SIGTERM (graceful shutdown) of a random worker every few seconds under load. */
export const sigterm: Scenario = {
  name: 'sigterm',
  summary:
    'SIGTERM a random one of 3 workers every 6 s for 30 s at 200 tasks/s (a replacement starts at once)',
  async run(ctx) {
    const durationMs = ctx.quick ? 8_000 : 30_000;
    return runUnderLoad(ctx, 'sigterm', {
      stage: { workers: ctx.quick ? 2 : 3 },
      submitsPerSec: ctx.quick ? 100 : 200,
      durationMs,
      async disrupt(stage, notes) {
        const stops = await repeatFor(durationMs, ctx.quick ? 3_000 : 6_000, () =>
          stage.pool.killOne('SIGTERM'),
        );
        notes.push(`${stops} workers stopped with SIGTERM`);
      },
    });
  },
};
