import { rm } from 'node:fs/promises';
import type { TaskPayload, TaskResult } from '@repowiki/contracts';
import type { TaskContext } from '@repowiki/runtime';
import { createWarehouseConfig, type WarehouseConfig } from '../config/warehouse-config.js';
import { cloneDirOf } from '../source/acquire-source.js';

/** FAILED warehouses untouched this long are cleaned up. @default 24 (hours) */
const STALE_HOURS = 24;

/** Soft-deletes FAILED warehouses untouched for 24 h and removes their clones (only under repositoriesDir). */
export async function cleanupFailed(
  _payload: TaskPayload<'tasks.warehouse.cleanup-failed'>,
  ctx: TaskContext,
  config: WarehouseConfig = createWarehouseConfig(),
): Promise<TaskResult<'tasks.warehouse.cleanup-failed'>> {
  const rows = await ctx.db.sql<{ id: string }[]>`
    update warehouses set is_deleted = true, deleted_at = now(), updated_at = now()
    where not is_deleted and status = 'failed' and updated_at < now() - make_interval(hours => ${STALE_HOURS})
    returning id`;
  for (const row of rows) {
    // The id is a UUID from our own table: the path cannot escape repositoriesDir.
    await rm(cloneDirOf(config, row.id), { recursive: true, force: true });
  }
  if (rows.length > 0) ctx.logger.info({ deleted: rows.length }, 'failed warehouses cleaned up');
  return { deleted: rows.length };
}
