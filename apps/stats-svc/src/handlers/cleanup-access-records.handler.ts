import type { TaskPayload, TaskResult } from '@repowiki/contracts';
import { deleteAccessRecordsBefore } from '@repowiki/db';
import type { TaskContext } from '@repowiki/runtime';

const DAY_MS = 86_400_000;

/**
 * Retention of raw access records (default 90 days). Deletes in bounded batches so a large
 * backlog never holds long locks; stops between batches when the task is aborted.
 */
export async function cleanupAccessRecords(
  payload: TaskPayload<'tasks.statistics.cleanup-access-records'>,
  ctx: TaskContext,
): Promise<TaskResult<'tasks.statistics.cleanup-access-records'>> {
  const cutoff = new Date(Date.now() - payload.daysToKeep * DAY_MS);
  const deleted = await deleteAccessRecordsBefore(ctx.db.sql, cutoff, ctx.signal);
  ctx.logger.info({ deleted, cutoff: cutoff.toISOString() }, 'access records cleaned up');
  return { deleted };
}
