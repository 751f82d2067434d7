import { type DomainEventHandlers, defineHandlers } from '@repowiki/runtime';
import { cleanupMinimaps } from './cleanup.handler.js';
import { generateMinimaps } from './generate.handler.js';
import { onWarehouseCompleted } from './on-warehouse-completed.handler.js';
import { regenerateMinimap } from './regenerate.handler.js';
import { validateMinimap } from './validate.handler.js';

/** Every task of the `minimap` queue; a task missing here fails to compile. */
export const handlers = defineHandlers('minimap', {
  'tasks.minimap.generate': generateMinimaps,
  'tasks.minimap.regenerate': regenerateMinimap,
  'tasks.minimap.cleanup': cleanupMinimaps,
  'tasks.minimap.validate': validateMinimap,
});

/**
 * Domain events this service reacts to: the runtime gives each a durable EVENTS consumer
 * and calls the function directly. A completed wiki gets its map at once.
 */
export const events: DomainEventHandlers = {
  'events.warehouse.completed': onWarehouseCompleted,
};
