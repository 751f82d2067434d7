import type { TaskPayload, TaskResult } from '@repowiki/contracts';
import type { TaskContext } from '@repowiki/runtime';
import { readAccessStatistics } from '../queries/access-statistics.query.js';

/** Access counts for today, the last 7 and 30 days (UTC calendar days) and the top 10 resources. */
export async function accessStatistics(
  _payload: TaskPayload<'tasks.accesslog.statistics'>,
  ctx: TaskContext,
): Promise<TaskResult<'tasks.accesslog.statistics'>> {
  return readAccessStatistics(ctx.db.sql, new Date());
}
