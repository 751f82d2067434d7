import { readEffects } from '../effects.js';
import { sleep, until } from '../infra/wait.js';
import { FINAL, ledgerStates } from '../ledger-states.js';
import { drain, longestStall } from '../measure.js';
import type { Row, Scenario } from '../scenario.js';
import { openStage } from '../stage.js';
import { paced, pacedCount, Tracker } from '../tracker.js';
import { DRAIN_IDLE_MS } from '../under-load.js';

/**
 * 500 revokes at random moments of random submitted tasks (queued, just started, running
 * or done). Every task the ledger calls REVOKED must have a handler that never ran or was
 * aborted; every task not revoked must complete once.
 */
export const revoke: Scenario = {
  name: 'revoke',
  summary: '2,000 tasks at 200/s; 500 revokes at random moments of random submitted tasks',
  async run(ctx) {
    const durationMs = ctx.quick ? 3_000 : 10_000;
    const revokes = ctx.quick ? 75 : 500;
    const stage = await openStage(ctx, 'revoke', { workers: 2 });
    try {
      const tracker = new Tracker(stage);
      const requested = new Set<string>();
      // Revokes start once a few tasks exist and are spread over the load: each picks a
      // random accepted task not revoked yet (queued, just started, running or done).
      const revoking = (async () => {
        await new Promise((r) => setTimeout(r, 500));
        await pacedCount((revokes / (durationMs - 500)) * 1000, revokes, async () => {
          let id: string | undefined;
          while (!id) {
            const ids = [...tracker.accepted.keys()].filter((x) => !requested.has(x));
            id = ids[Math.floor(Math.random() * ids.length)];
            if (!id) await sleep(50);
          }
          requested.add(id);
          await stage.client.revoke(id);
        });
      })();
      await Promise.all([paced(ctx.quick ? 100 : 200, durationMs, () => tracker.submit()), revoking]);
      const all = [...tracker.accepted.keys()];
      const keep = all.filter((id) => !requested.has(id));
      await drain(ctx.db.sql, keep, { idleMs: DRAIN_IDLE_MS, maxMs: 300_000, log: ctx.log });
      const revoked = [...requested];
      await until(
        'revoked tasks final',
        async () => [...(await ledgerStates(ctx.db.sql, revoked)).values()].every((s) => FINAL.has(s)),
        60_000,
        1_000,
      ).catch(() => {});
      const endMs = Date.now();
      const states = await ledgerStates(ctx.db.sql, all);
      const effects = await readEffects(ctx.db.sql, all);
      const has = (kind: string) => new Set(effects.filter((e) => e.kind === kind).map((e) => e.taskId));
      const completed = has('completed');
      const started = has('started');
      const aborted = has('aborted');
      const twice = effects.filter((e) => e.kind === 'completed' && e.n > 1).length;
      let revokeHeld = 0;
      let ranOn = 0;
      let lateSuccess = 0;
      let other = 0;
      for (const id of revoked) {
        const state = states.get(id);
        if (state === 'REVOKED') {
          if (completed.has(id)) ranOn++;
          else if (!started.has(id) || aborted.has(id)) revokeHeld++;
          else other++;
        } else if (state === 'SUCCESS' && completed.has(id)) lateSuccess++;
        else other++;
      }
      const keptDone = keep.filter((id) => completed.has(id)).length;
      const row: Row = {
        scenario: 'revoke',
        submitted: all.length,
        succeeded: keptDone + lateSuccess,
        failedAsExpected: revokeHeld,
        lost: keep.length - keptDone,
        twice,
        longestStallMs: longestStall(
          keep.map((id) => tracker.accepted.get(id)!),
          effects.filter((e) => e.kind === 'completed' && !requested.has(e.taskId)).map((e) => e.firstAtMs),
          endMs,
        ),
        notes: [
          `${revoked.length} revoked: ${revokeHeld} REVOKED unrun or aborted, ${lateSuccess} finished first (SUCCESS)`,
        ],
        violations: [],
      };
      if (tracker.refused.size)
        row.notes.push(`${tracker.refused.size} submits refused to the caller (not counted)`);
      if (ranOn) row.violations.push(`${ranOn} REVOKED tasks whose handler ran to completion`);
      if (other)
        row.violations.push(
          `${other} revoked tasks in another state (not final, or final without matching effects)`,
        );
      if (stage.pool.crashes) row.violations.push(`${stage.pool.crashes} worker crashes`);
      return row;
    } finally {
      await stage.close();
    }
  },
};
