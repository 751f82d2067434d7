import type { DomainEvent } from '@repowiki/contracts';
import type { TaskContext } from '@repowiki/runtime';

/**
 * Consumer of `events.warehouse.completed` (wired by the runtime): a finished wiki gets its
 * map at once instead of at the next `generate` run. The task id is derived from the
 * warehouse and version, so a redelivered event (or a duplicate publish) does not submit a
 * second rebuild.
 */
export async function onWarehouseCompleted(
  event: DomainEvent<'events.warehouse.completed'>,
  ctx: Pick<TaskContext, 'tasks' | 'logger'>,
): Promise<void> {
  const taskId = `minimap-regenerate-${event.warehouseId}-${event.version}`;
  await ctx.tasks.submit('tasks.minimap.regenerate', { warehouseId: event.warehouseId }, { taskId });
  ctx.logger.info({ warehouseId: event.warehouseId, taskId }, 'mind map rebuild submitted');
}
