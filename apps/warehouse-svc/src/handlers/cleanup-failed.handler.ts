import { rm } from 'node:fs/promises';
import type { TaskPayload, TaskResult } from '@repowiki/contracts';
import type { TaskContext } from '@repowiki/runtime';
import { createWarehouseConfig, type WarehouseConfig } from '../config/warehouse-config.js';
import { softDeleteStaleFailed } from '../persist/soft-delete-stale-failed.query.js';
import { cloneDirOf } from '../source/acquire-source.js';

/** FAILED warehouses untouched this long are cleaned up. @default 24 (hours) */
const STALE_HOURS = 24;

/** Soft-deletes FAILED warehouses untouched for 24 h and removes their clones (only under repositoriesDir). */
export async function cleanupFailed(
  _payload: TaskPayload<'tasks.warehouse.cleanup-failed'>,
  ctx: TaskContext,
  config: WarehouseConfig = createWarehouseConfig(),
): Promise<TaskResult<'tasks.warehouse.cleanup-failed'>> {
  const ids = await softDeleteStaleFailed(ctx.db, STALE_HOURS);
  for (const id of ids) {
    // The id is a UUID from our own table: the path cannot escape repositoriesDir.
    await rm(cloneDirOf(config, id), { recursive: true, force: true });
  }
  if (ids.length > 0) ctx.logger.info({ deleted: ids.length }, 'failed warehouses cleaned up');
  return { deleted: ids.length };
}
