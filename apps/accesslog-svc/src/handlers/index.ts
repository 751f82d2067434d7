import { defineHandlers } from '@repowiki/runtime';
import { cleanupAccessRecords } from './cleanup.handler.js';
import { recordAccessBatch } from './record.handler.js';
import { accessStatistics } from './statistics.handler.js';

/** Every task of the `accesslog` queue; a task missing here fails to compile. */
export const handlers = defineHandlers('accesslog', {
  'tasks.accesslog.record': recordAccessBatch,
  'tasks.accesslog.cleanup': cleanupAccessRecords,
  'tasks.accesslog.statistics': accessStatistics,
});
