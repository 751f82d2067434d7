import { z } from 'zod';
import {
  DeletedResultSchema,
  EmptyPayloadSchema,
  IdSchema,
  SubmittedResultSchema,
  WarehouseIdPayloadSchema,
} from '../common.schema.js';
import { defineTask } from '../define-task.js';
import { WAREHOUSE_STATUSES } from '../names.js';

export const WarehouseStatusSchema = z.enum(WAREHOUSE_STATUSES);
export { WAREHOUSE_STATUSES, type WarehouseStatus } from '../names.js';

export const ClassificationSchema = z.enum([
  'Applications',
  'Frameworks',
  'Libraries',
  'DevelopmentTools',
  'CLITools',
  'DevOpsConfiguration',
  'Documentation',
]);
export type Classification = z.infer<typeof ClassificationSchema>;

export const ProcessResultSchema = z.object({
  warehouseId: IdSchema,
  version: z.string(),
  pages: z.int().nonnegative(),
  files: z.int().nonnegative(),
  skipped: z.int().nonnegative(),
  classification: ClassificationSchema,
});

export const UpdateResultSchema = z.object({
  warehouseId: IdSchema,
  changed: z.boolean(),
  fromVersion: z.string().nullable(),
  toVersion: z.string(),
  commits: z.int().nonnegative(),
  pagesRegenerated: z.int().nonnegative(),
  pagesAdded: z.int().nonnegative(),
  pagesRemoved: z.int().nonnegative(),
});

/** Cloning and documenting a big repository takes a while: an hour, not 30 min. */
const longRunning = { softMs: 3_300_000, hardMs: 3_600_000 };

export const warehouseTasks = {
  'tasks.warehouse.process': defineTask({
    queue: 'warehouse',
    name: 'process',
    description: 'Clone or read a repository, analyse it and generate its wiki.',
    payload: WarehouseIdPayloadSchema,
    result: ProcessResultSchema,
    timeLimits: longRunning,
  }),
  'tasks.warehouse.schedule-processing': defineTask({
    queue: 'warehouse',
    name: 'schedule-processing',
    description: 'Submit `process` for up to 5 PENDING/PROCESSING warehouses, PROCESSING first.',
    payload: EmptyPayloadSchema,
    result: SubmittedResultSchema,
    retry: { maxRetries: 0 },
    timeLimits: { softMs: 50_000, hardMs: 60_000 },
  }),
  'tasks.warehouse.schedule-updates': defineTask({
    queue: 'warehouse',
    name: 'schedule-updates',
    description: 'Submit `update` for up to 3 COMPLETED warehouses older than UPDATE_INTERVAL days.',
    payload: EmptyPayloadSchema,
    result: SubmittedResultSchema,
    retry: { maxRetries: 0 },
    timeLimits: { softMs: 50_000, hardMs: 60_000 },
  }),
  'tasks.warehouse.update': defineTask({
    queue: 'warehouse',
    name: 'update',
    description: 'Fetch new commits and regenerate only the pages whose sources changed.',
    payload: WarehouseIdPayloadSchema,
    result: UpdateResultSchema,
    timeLimits: longRunning,
  }),
  'tasks.warehouse.cleanup-failed': defineTask({
    queue: 'warehouse',
    name: 'cleanup-failed',
    description: 'Soft-delete FAILED warehouses untouched for 24 h and remove their clones.',
    payload: EmptyPayloadSchema,
    result: DeletedResultSchema,
  }),
  'tasks.warehouse.reset': defineTask({
    queue: 'warehouse',
    name: 'reset',
    description: 'Put a warehouse back to PENDING and submit `process` again.',
    payload: WarehouseIdPayloadSchema,
    result: z.object({ warehouseId: IdSchema, taskId: z.string() }),
  }),
} as const;
