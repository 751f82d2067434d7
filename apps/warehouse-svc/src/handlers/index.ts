import { defineHandlers } from '@repowiki/runtime';
import { createWarehouseConfig, type WarehouseConfig } from '../config/warehouse-config.js';
import { deterministicPageWriter, type PageWriter } from '../generate/page-writer.js';
import { cleanupFailed } from './cleanup-failed.handler.js';
import { resetWarehouse } from './reset.handler.js';
import { scheduleProcessing } from './schedule-processing.handler.js';
import { scheduleUpdates } from './schedule-updates.handler.js';

/**
 * The pipeline (source → analysis → generate → persist: ~1,000 modules, 834 of them
 * linguist-languages' language table) is loaded on the first `process` or `update`, not at
 * start-up: an idle replica, and one that only runs the schedulers, never carries it.
 */
const processHandler = () => import('./process.handler.js');
const updateHandler = () => import('./update.handler.js');

/**
 * The warehouse queue's handlers over one config (the app builds it from env.ts) and one
 * page writer (the deterministic one unless an LLM writer is configured).
 */
export function createWarehouseHandlers(
  config: WarehouseConfig,
  writer: PageWriter = deterministicPageWriter,
) {
  return defineHandlers('warehouse', {
    'tasks.warehouse.process': async (p, ctx) =>
      (await processHandler()).processWarehouse(p, ctx, config, writer),
    'tasks.warehouse.schedule-processing': (p, ctx) => scheduleProcessing(p, ctx),
    'tasks.warehouse.schedule-updates': (p, ctx) => scheduleUpdates(p, ctx, config),
    'tasks.warehouse.update': async (p, ctx) =>
      (await updateHandler()).updateWarehouse(p, ctx, config, writer),
    'tasks.warehouse.cleanup-failed': (p, ctx) => cleanupFailed(p, ctx, config),
    'tasks.warehouse.reset': (p, ctx) => resetWarehouse(p, ctx),
  });
}

/** Handlers with the default config (temp-dir clones, no local repositories). */
export const handlers = createWarehouseHandlers(createWarehouseConfig());
