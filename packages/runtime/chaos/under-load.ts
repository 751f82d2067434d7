import { countCompleted, readEffects } from './effects.js';
import { type DrainOptions, drain, measureCompletions } from './measure.js';
import type { Row, ScenarioContext } from './scenario.js';
import { openStage, type Stage, type StageOptions } from './stage.js';
import { paced, Tracker } from './tracker.js';

export interface LoadSpec {
  stage: StageOptions;
  /** `tasks.warehouse.work` through TaskClient.submit. */
  submitsPerSec: number;
  /** Page views through the access-log middleware's buffered publisher. @default 0 */
  pageViewsPerSec?: number;
  durationMs: number;
  /** The fault, run alongside the load; pushes what it did into `notes`. */
  disrupt(stage: Stage, notes: string[]): Promise<void>;
  drain?: Partial<DrainOptions>;
}

/** @default 45_000 (45 s): longer than the runtime's default ack wait (30 s). */
export const DRAIN_IDLE_MS = 45_000;

/**
 * The shape of most scenarios: producers at a steady rate through the project's own
 * helpers, a fault in the middle, then wait until every accepted task completed (or
 * progress stops) and count what the handlers recorded.
 */
export async function runUnderLoad(ctx: ScenarioContext, name: string, spec: LoadSpec): Promise<Row> {
  const stage = await openStage(ctx, name, spec.stage);
  try {
    const tracker = new Tracker(stage);
    const notes: string[] = [];
    const loads = [paced(spec.submitsPerSec, spec.durationMs, () => tracker.submit())];
    if (spec.pageViewsPerSec)
      loads.push(paced(spec.pageViewsPerSec, spec.durationMs, () => tracker.pageView()));
    await Promise.all([Promise.all(loads), spec.disrupt(stage, notes)]);
    // Page views still buffered (NATS was down) are the web tier's to deliver: wait for them.
    await tracker.flushPageViews();
    ctx.log(
      `  load done: ${tracker.accepted.size} accepted, ${tracker.dropped.size} dropped, ${tracker.refused.size} refused`,
    );
    // A dropped page view was submitted as far as the web tier is concerned: lost unless it ran anyway.
    const expected = new Map([...tracker.accepted, ...tracker.dropped]);
    await drain(ctx.db.sql, [...expected.keys()], {
      idleMs: DRAIN_IDLE_MS,
      maxMs: 300_000,
      log: ctx.log,
      ...spec.drain,
    });
    const row = await measureCompletions(ctx.db.sql, name, expected, Date.now());
    row.notes.push(...notes);
    if (tracker.dropped.size) {
      const ran = await countCompleted(ctx.db.sql, [...tracker.dropped.keys()]);
      row.notes.push(
        `the access-log publisher dropped ${tracker.dropped.size} page views (${ran} stored anyway)`,
      );
    }
    if (tracker.refused.size) {
      const refused = [...tracker.refused];
      const ran = (await readEffects(ctx.db.sql, refused)).filter((e) => e.kind === 'completed').length;
      row.notes.push(
        `${refused.length} submits refused to the caller (not counted), ${ran} of them ran anyway`,
      );
    }
    if (stage.pool.crashes) row.violations.push(`${stage.pool.crashes} worker crashes`);
    return row;
  } finally {
    await stage.close();
  }
}

/** Runs `step` every `everyMs` until `durationMs` has passed. */
export async function repeatFor(
  durationMs: number,
  everyMs: number,
  step: () => Promise<void>,
): Promise<number> {
  const end = Date.now() + durationMs;
  let n = 0;
  while (Date.now() + everyMs < end) {
    await new Promise((r) => setTimeout(r, everyMs));
    await step();
    n++;
  }
  return n;
}
