import type { TaskPayload, TaskResult } from '@repowiki/contracts';
import type { TaskContext } from '@repowiki/runtime';
import { readViews } from '../queries/read-views.query.js';
import { readSystemCounts } from '../queries/system-counts.query.js';
import { upsertSnapshot } from '../queries/upsert-snapshot.query.js';

/** System-wide counts and views, stored as today's (UTC) `system` snapshot. */
export async function systemSnapshot(
  _payload: TaskPayload<'tasks.statistics.system'>,
  ctx: TaskContext,
): Promise<TaskResult<'tasks.statistics.system'>> {
  const now = new Date();
  const [counts, views] = await Promise.all([readSystemCounts(ctx.db.sql), readViews(ctx.db.sql, now)]);
  const snapshot = { date: now.toISOString().slice(0, 10), counts, ...views };
  await upsertSnapshot(ctx.db.db, { kind: 'system', subjectId: '', date: snapshot.date, data: snapshot });
  return snapshot;
}
