import { test } from '@repowiki/testkit';
import { describe, expect } from 'vitest';
import { listRuns } from '../src/ops/list-runs.query.js';

describe('listRuns keyset pages', () => {
  test('page by page, every run once, even when runs share a millisecond (timestamps keep microseconds)', async ({
    dbClient,
  }) => {
    const sql = dbClient.sql;
    // Five runs within one millisecond, plus two earlier ones: JavaScript dates cannot tell the
    // first five apart, so a cursor made of a Date would skip some of them.
    await sql`
      insert into task_runs (id, name, queue, state, submitted_at)
      select 'page-' || g, 'tasks.minimap.validate', 'minimap', 'SUCCESS'::task_state,
             '2026-01-01T00:00:00.123000Z'::timestamptz + (g || ' microseconds')::interval
      from generate_series(1, 5) g
      union all
      select 'page-early-' || g, 'tasks.minimap.validate', 'minimap', 'SUCCESS'::task_state,
             '2026-01-01T00:00:00.100Z'::timestamptz - (g || ' seconds')::interval
      from generate_series(1, 2) g`;
    const seen: string[] = [];
    let before: { submittedAt: Date | string; id: string } | undefined;
    for (let page = 0; page < 10; page++) {
      const rows = await listRuns(sql, { queue: 'minimap', before }, 2);
      if (rows.length === 0) break;
      seen.push(...rows.map((r) => r.id));
      const last = rows.at(-1)!;
      before = { submittedAt: last.cursorAt, id: last.id };
    }
    expect(seen).toEqual(['page-5', 'page-4', 'page-3', 'page-2', 'page-1', 'page-early-1', 'page-early-2']);
  });
});
