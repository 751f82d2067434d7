import type { TaskPayload, TaskResult } from '@repowiki/contracts';
import { deleteAccessRecordsBefore } from '@repowiki/db';
import type { TaskContext } from '@repowiki/runtime';

const DAY_MS = 86_400_000;

/** Deletes access records older than `daysToKeep` days (default 90), in bounded batches. */
export async function cleanupAccessRecords(
  payload: TaskPayload<'tasks.accesslog.cleanup'>,
  ctx: TaskContext,
): Promise<TaskResult<'tasks.accesslog.cleanup'>> {
  const cutoff = new Date(Date.now() - payload.daysToKeep * DAY_MS);
  const deleted = await deleteAccessRecordsBefore(ctx.db.sql, cutoff, ctx.signal);
  ctx.logger.info({ deleted, cutoff: cutoff.toISOString() }, 'access records cleaned up');
  return { deleted };
}
