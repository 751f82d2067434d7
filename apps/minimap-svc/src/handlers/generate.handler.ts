import type { TaskPayload, TaskResult } from '@repowiki/contracts';
import { type TaskContext, toError } from '@repowiki/runtime';
import { regenerateMap } from '../map/regenerate-map.js';
import { findWarehousesWithoutMap } from '../queries/find-warehouses-without-map.query.js';

/** Warehouses mapped per run (every 10 min and on `events.warehouse.completed`). @default 3 */
export const GENERATE_BATCH = 3;

/**
 * Draws maps for up to 3 COMPLETED warehouses that have none, oldest first. One failing
 * warehouse does not stop the others; the task fails afterwards so it is retried, and the
 * retry skips the maps that were stored.
 */
export async function generateMinimaps(
  _payload: TaskPayload<'tasks.minimap.generate'>,
  ctx: TaskContext,
): Promise<TaskResult<'tasks.minimap.generate'>> {
  const ids = await findWarehousesWithoutMap(ctx.db.sql, GENERATE_BATCH);
  const generated: string[] = [];
  const failed: { warehouseId: string; error: Error }[] = [];
  for (const warehouseId of ids) {
    ctx.signal.throwIfAborted();
    try {
      await regenerateMap(ctx.db, warehouseId, ctx.logger);
      generated.push(warehouseId);
    } catch (e: unknown) {
      const error = toError(e);
      failed.push({ warehouseId, error });
      ctx.logger.warn({ warehouseId, err: error }, 'mind map failed');
    }
  }
  if (failed.length > 0) {
    throw new Error(`mind maps failed for ${failed.map((f) => f.warehouseId).join(', ')}`, {
      cause: failed[0]?.error,
    });
  }
  return { generated };
}
