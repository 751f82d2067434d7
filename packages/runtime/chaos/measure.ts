import type { Sql } from 'postgres';
import { countCompleted, type EffectRow, readEffects } from './effects.js';
import { sleep } from './infra/wait.js';
import type { Row } from './scenario.js';

export interface DrainOptions {
  /** Give up when no task completed for this long. */
  idleMs: number;
  /** …or after this long in all. */
  maxMs: number;
  log?: (line: string) => void;
}

/**
 * Waits until every task has its `completed` effect, or progress stops. A database that is
 * still down counts as no progress.
 */
export async function drain(sql: Sql, taskIds: readonly string[], o: DrainOptions): Promise<number> {
  const started = Date.now();
  let lastProgress = started;
  let done = -1;
  let lastLog = started;
  for (;;) {
    const now = await countCompleted(sql, taskIds).catch(() => done);
    if (now > done) {
      done = now;
      lastProgress = Date.now();
    }
    if (done >= taskIds.length) return done;
    if (Date.now() - lastProgress > o.idleMs || Date.now() - started > o.maxMs) return done;
    if (o.log && Date.now() - lastLog > 10_000) {
      lastLog = Date.now();
      o.log(`  draining: ${done}/${taskIds.length} completed`);
    }
    await sleep(1_000);
  }
}

/**
 * Longest time without a completion while at least one task was outstanding. A task never
 * completed keeps the stall open until `endMs`.
 */
export function longestStall(submits: number[], completions: number[], endMs: number): number {
  const events: [number, 1 | -1][] = [
    ...submits.map((t) => [t, 1] as [number, 1]),
    ...completions.map((t) => [t, -1] as [number, -1]),
  ];
  events.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  let outstanding = 0;
  let since = 0;
  let longest = 0;
  for (const [t, d] of events) {
    if (d === 1) {
      if (outstanding === 0) since = t;
      outstanding++;
    } else if (outstanding > 0) {
      longest = Math.max(longest, t - since);
      since = t;
      outstanding--;
    }
  }
  if (outstanding > 0) longest = Math.max(longest, endMs - since);
  return longest;
}

/** Submitted, succeeded, lost, twice and stall of tasks that should each complete once. */
export async function measureCompletions(
  sql: Sql,
  scenario: string,
  expected: ReadonlyMap<string, number>,
  endMs: number,
): Promise<Row> {
  const ids = [...expected.keys()];
  const effects = await readEffects(sql, ids);
  const completed = effects.filter((e) => e.kind === 'completed');
  const succeeded = completed.length;
  return {
    scenario,
    submitted: ids.length,
    succeeded,
    failedAsExpected: 0,
    lost: ids.length - succeeded,
    twice: completed.filter((e) => e.n > 1).length,
    longestStallMs: longestStall(
      [...expected.values()],
      completed.map((e) => e.firstAtMs),
      endMs,
    ),
    notes: completed.length ? [`slowest task ${seconds(slowestMs(expected, completed))}`] : [],
    violations: [],
  };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The longest any completed task took from its submission to its `completed` effect. */
function slowestMs(expected: ReadonlyMap<string, number>, completed: readonly EffectRow[]): number {
  let slowest = 0;
  for (const e of completed)
    slowest = Math.max(slowest, e.firstAtMs - (expected.get(e.taskId) ?? e.firstAtMs));
  return slowest;
}
