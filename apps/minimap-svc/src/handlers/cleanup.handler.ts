import type { TaskPayload, TaskResult } from '@repowiki/contracts';
import type { TaskContext } from '@repowiki/runtime';
import { deleteStaleMinimaps } from '../queries/delete-stale-minimaps.query.js';

const DAY_MS = 86_400_000;

/** Deletes maps of deleted warehouses and maps older than `daysToKeep` (default 90). */
export async function cleanupMinimaps(
  payload: TaskPayload<'tasks.minimap.cleanup'>,
  ctx: TaskContext,
): Promise<TaskResult<'tasks.minimap.cleanup'>> {
  const deleted = await deleteStaleMinimaps(ctx.db.sql, new Date(Date.now() - payload.daysToKeep * DAY_MS));
  ctx.logger.info({ deleted }, 'mind maps cleaned up');
  return { deleted };
}
