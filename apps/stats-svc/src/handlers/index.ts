import { defineHandlers } from '@repowiki/runtime';
import { cleanupAccessRecords } from './cleanup-access-records.handler.js';
import { dailyStatistics } from './daily.handler.js';
import { systemSnapshot } from './system.handler.js';
import { warehouseSnapshot } from './warehouse.handler.js';

/** Every task of the `statistics` queue; a task missing here fails to compile. */
export const handlers = defineHandlers('statistics', {
  'tasks.statistics.daily': dailyStatistics,
  'tasks.statistics.cleanup-access-records': cleanupAccessRecords,
  'tasks.statistics.system': systemSnapshot,
  'tasks.statistics.warehouse': warehouseSnapshot,
});
