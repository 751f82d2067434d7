import { defineHandlers } from '@repowiki/runtime';
import { createWarehouseConfig, type WarehouseConfig } from '../config/warehouse-config.js';
import { deterministicPageWriter, type PageWriter } from '../generate/page-writer.js';
import { cleanupFailed } from './cleanup-failed.handler.js';
import { processWarehouse } from './process.handler.js';
import { resetWarehouse } from './reset.handler.js';
import { scheduleProcessing } from './schedule-processing.handler.js';
import { scheduleUpdates } from './schedule-updates.handler.js';
import { updateWarehouse } from './update.handler.js';

/**
 * The warehouse queue's handlers over one config (the app builds it from env.ts) and one
 * page writer (the deterministic one unless an LLM writer is configured).
 */
export function createWarehouseHandlers(
  config: WarehouseConfig,
  writer: PageWriter = deterministicPageWriter,
) {
  return defineHandlers('warehouse', {
    'tasks.warehouse.process': (p, ctx) => processWarehouse(p, ctx, config, writer),
    'tasks.warehouse.schedule-processing': (p, ctx) => scheduleProcessing(p, ctx),
    'tasks.warehouse.schedule-updates': (p, ctx) => scheduleUpdates(p, ctx, config),
    'tasks.warehouse.update': (p, ctx) => updateWarehouse(p, ctx, config, writer),
    'tasks.warehouse.cleanup-failed': (p, ctx) => cleanupFailed(p, ctx, config),
    'tasks.warehouse.reset': (p, ctx) => resetWarehouse(p, ctx),
  });
}

/** Handlers with the default config (temp-dir clones, no local repositories). */
export const handlers = createWarehouseHandlers(createWarehouseConfig());
