import type { Row, Scenario, ScenarioContext } from '../scenario.js';
import { DRAIN_IDLE_MS, repeatFor, runUnderLoad } from '../under-load.js';

export interface Kill9Params {
  workers: number;
  ratePerSec: number;
  durationMs: number;
  killEveryMs: number;
  /** Give up waiting when nothing completed for this long. */
  drainIdleMs: number;
}

/** kill -9 of a random worker every few seconds under load; a replacement starts at once. */
export async function runKill9(ctx: ScenarioContext, p: Kill9Params): Promise<Row> {
  return runUnderLoad(ctx, 'kill9', {
    stage: { workers: p.workers },
    submitsPerSec: p.ratePerSec,
    durationMs: p.durationMs,
    drain: { idleMs: p.drainIdleMs },
    async disrupt(stage, notes) {
      const kills = await repeatFor(p.durationMs, p.killEveryMs, () => stage.pool.killOne('SIGKILL'));
      notes.push(`${kills} workers killed -9`);
    },
  });
}

export const kill9: Scenario = {
  name: 'kill9',
  summary:
    'kill -9 a random one of 3 workers every 5 s for 30 s at 200 tasks/s (a replacement starts at once)',
  run: (ctx) =>
    runKill9(
      ctx,
      ctx.quick
        ? { workers: 2, ratePerSec: 100, durationMs: 8_000, killEveryMs: 3_000, drainIdleMs: DRAIN_IDLE_MS }
        : { workers: 3, ratePerSec: 200, durationMs: 30_000, killEveryMs: 5_000, drainIdleMs: DRAIN_IDLE_MS },
    ),
};
