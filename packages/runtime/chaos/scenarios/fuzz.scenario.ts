import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { QUEUES } from '@repowiki/contracts';
import { dlqEntries, workQueueDepth } from '../dlq.js';
import { fuzzMessage } from '../fuzz-messages.js';
import { sleep, until } from '../infra/wait.js';
import { drain, measureCompletions } from '../measure.js';
import type { Scenario } from '../scenario.js';
import { openStage } from '../stage.js';
import { paced, Tracker } from '../tracker.js';
import { DRAIN_IDLE_MS } from '../under-load.js';

/** Publishes with at most this many PubAcks outstanding. */
const WINDOW = 256;

/**
 * 10,000 bad messages over every task subject while valid tasks flow: no worker may
 * crash, every bad message must be dead-lettered exactly once, the work queues must drain
 * and the valid tasks (innocent neighbours) must all complete once.
 */
export const fuzz: Scenario = {
  name: 'fuzz',
  summary:
    '10,000 fuzzed messages over every task subject (random bytes, NUL, lone surrogates, wrong types, 256 KB strings, unknown subjects, missing/garbage headers) + 50 valid tasks/s',
  async run(ctx) {
    const count = ctx.quick ? 300 : 10_000;
    // Long enough to see a dead-lettered message come back after the default ack wait (30 s).
    const observeMs = ctx.quick ? 10_000 : 40_000;
    const stage = await openStage(ctx, 'fuzz', { workers: 2, queues: [...QUEUES] });
    try {
      const tracker = new Tracker(stage);
      const js = jetstream(stage.nc);
      const published = new Map<string, string>();
      let unconfirmed = 0;
      const fuzzing = (async () => {
        const inFlight = new Set<Promise<void>>();
        for (let i = 0; i < count; i++) {
          const m = fuzzMessage(i);
          const p = js
            .publish(m.subject, m.body, { headers: m.headers, timeout: 30_000 })
            .then((ack) => {
              if (!ack.duplicate) published.set(`${ack.stream}:${ack.seq}`, m.kind);
            })
            .catch(() => {
              unconfirmed++;
            });
          inFlight.add(p);
          p.finally(() => inFlight.delete(p));
          if (inFlight.size >= WINDOW) await Promise.race(inFlight);
        }
        await Promise.all(inFlight);
      })();
      // Valid tasks flow during (and a little past) the fuzzing.
      await Promise.all([fuzzing, paced(50, ctx.quick ? 6_000 : 20_000, () => tracker.submit())]);
      ctx.log(`  fuzz published: ${published.size} stored, ${unconfirmed} unconfirmed`);
      await drain(ctx.db.sql, [...tracker.accepted.keys()], {
        idleMs: DRAIN_IDLE_MS,
        maxMs: 300_000,
        log: ctx.log,
      });
      const jsm = await jetstreamManager(stage.nc);
      const dlq = stage.topology.dlqStream;
      await until(
        'every fuzzed message in the DLQ',
        async () => (await jsm.streams.info(dlq)).state.messages >= published.size,
        180_000,
        1_000,
      ).catch(() => ctx.log('  not every fuzzed message reached the DLQ'));
      await sleep(observeMs);
      const entries = await dlqEntries(stage.nc, dlq);
      let once = 0;
      let missing = 0;
      let repeated = 0;
      let repeatedEntries = 0;
      const missingKinds = new Map<string, number>();
      for (const [key, kind] of published) {
        const n = entries.get(key) ?? 0;
        if (n === 1) once++;
        else if (n === 0) {
          missing++;
          missingKinds.set(kind, (missingKinds.get(kind) ?? 0) + 1);
        } else {
          repeated++;
          repeatedEntries += n;
        }
      }
      const left = await workQueueDepth(
        stage.nc,
        QUEUES.map((q) => stage.topology.taskStream(q)),
      );
      const valid = await measureCompletions(ctx.db.sql, 'fuzz', tracker.accepted, Date.now());
      const row = {
        ...valid,
        submitted: valid.submitted + published.size,
        failedAsExpected: once,
        lost: valid.lost + missing,
      };
      row.notes.push(
        `${published.size} fuzzed + ${valid.submitted} valid; ${once} fuzzed dead-lettered exactly once; ${[...entries.values()].reduce((a, b) => a + b, 0)} DLQ entries in all`,
      );
      if (unconfirmed) row.notes.push(`${unconfirmed} fuzz publishes unconfirmed (not counted)`);
      if (missing) {
        const top = [...missingKinds].sort((a, b) => b[1] - a[1]).slice(0, 3);
        row.notes.push(`not in the DLQ: ${top.map(([k, n]) => `${n}× ${k}`).join('; ')}`);
      }
      if (repeated)
        row.violations.push(
          `${repeated} fuzzed messages dead-lettered more than once (${repeatedEntries} entries)`,
        );
      if (left) row.violations.push(`${left} messages left in the work queues`);
      if (stage.pool.crashes) row.violations.push(`${stage.pool.crashes} worker crashes`);
      else row.notes.push('0 worker crashes');
      return row;
    } finally {
      await stage.close();
    }
  },
};
