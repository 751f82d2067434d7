import { test } from '@repowiki/testkit';
import { describe, expect } from 'vitest';
import { countRunsStatement } from '../src/ops/count-runs.query.js';
import { listRunsStatement } from '../src/ops/list-runs.query.js';
import type { RunFilter } from '../src/ops/run-filter.js';

const HOUR = 3_600_000;

/**
 * `tasks list` / `tasks count` read the ledger through indexes, never by scanning it: the
 * plans of the real statements on a ledger of 60,000 runs over three days, analysed.
 */
describe('ledger views use indexes', () => {
  test('list by every filter, and count within a time window or of one task, are index scans', async ({
    dbClient,
  }) => {
    const sql = dbClient.sql;
    await sql`
      insert into task_runs (id, name, queue, state, user_id, submitted_at, finished_at)
      select 'r-' || g,
             'tasks.q' || (g % 5) || '.t' || (g % 20),
             'q' || (g % 5),
             (array['SUCCESS','SUCCESS','SUCCESS','SUCCESS','SUCCESS','SUCCESS','SUCCESS','SUCCESS','FAILURE','REVOKED'])[1 + g % 10]::task_state,
             case when g % 3 = 0 then 'user-' || (g % 200) end,
             now() - (g * 4.32 || ' seconds')::interval,
             now() - (g * 4.32 || ' seconds')::interval
      from generate_series(1, 60000) g`;
    // A rare queue, long ago: walking the time index for it would read the whole ledger.
    await sql`
      insert into task_runs (id, name, queue, state, submitted_at)
      select 'rare-' || g, 'tasks.rare.t', 'rare', 'FAILURE', now() - interval '4 days' - (g || ' seconds')::interval
      from generate_series(1, 20) g`;
    await sql`analyze task_runs`;
    const plan = async (
      statement: ReturnType<typeof listRunsStatement> | ReturnType<typeof countRunsStatement>,
    ) => (await sql`explain ${statement}`).map((r) => r['QUERY PLAN'] as string).join('\n');
    const since = new Date(Date.now() - HOUR);
    const lists: [RunFilter, RegExp][] = [
      [{}, /Index Scan Backward using task_runs_submitted_idx/],
      [{ states: ['FAILURE'] }, /Index Scan Backward using task_runs_submitted_idx/],
      // A common task (a twentieth of the rows) may be read either way: walking the time
      // index finds 50 of them within ~1,000 entries (chosen since task_runs' fillfactor is
      // 50, which makes the name index's scattered heap reads look costlier); a rare task by
      // its index.
      [
        { task: 'tasks.q1.t1' },
        /Index Scan Backward using task_runs_(submitted_idx|name_submitted_at_index)/,
      ],
      [{ task: 'tasks.rare.t' }, /task_runs_name_submitted_at_index/],
      [{ task: 'tasks.q1.t1', states: ['FAILURE'], since }, /task_runs_name_submitted_at_index/],
      // A common queue may be read either way (a fifth of the rows match); a rare one by its index.
      [{ queue: 'q2' }, /Index Scan Backward using task_runs_(submitted|queue_submitted)_idx/],
      [{ queue: 'rare' }, /task_runs_queue_submitted_idx/],
      [{ queue: 'rare', states: ['FAILURE'], since, until: new Date() }, /task_runs_queue_submitted_idx/],
      // Text (an id or in the error) is read while walking the time index, bounded by the range.
      [{ text: 'boom', since }, /task_runs_submitted_idx/],
      [{ userId: 'user-3' }, /task_runs_user_submitted_idx/],
      [{ userId: 'user-3', states: ['SUCCESS'] }, /task_runs_user_submitted_idx/],
      [{ since }, /task_runs_submitted_idx/],
    ];
    for (const [filter, index] of lists) {
      const text = await plan(listRunsStatement(sql, filter, 50));
      expect(text, JSON.stringify(filter)).toMatch(index);
      expect(text, JSON.stringify(filter)).not.toMatch(/Seq Scan/);
    }
    const counts: [RunFilter, RegExp][] = [
      [{ since }, /task_runs_submitted_idx/],
      [{ task: 'tasks.q1.t1' }, /task_runs_name_submitted_at_index/],
      [{ userId: 'user-3' }, /task_runs_user_submitted_idx/],
    ];
    for (const [filter, index] of counts) {
      const text = await plan(countRunsStatement(sql, filter));
      expect(text, JSON.stringify(filter)).toMatch(index);
      expect(text, JSON.stringify(filter)).not.toMatch(/Seq Scan/);
    }
  });
});
