/*
 * Plain names, with no zod: what a light client (the `tasks` CLI's command table) needs before
 * any schema loads. `@repowiki/contracts/names` exports this module alone; the schemas of the
 * package build on these same arrays.
 */

/**
 * The five work queues. Each is one JetStream work-queue stream
 * (`TASKS_<QUEUE>`) capturing `tasks.<queue>.>`.
 */
export const QUEUES = ['warehouse', 'statistics', 'accesslog', 'minimap', 'migration'] as const;
export type Queue = (typeof QUEUES)[number];

/** A task's states in the ledger (SPEC §3). */
export const TASK_STATES = [
  'PENDING',
  'STARTED',
  'PROGRESS',
  'RETRY',
  'SUCCESS',
  'FAILURE',
  'REVOKED',
] as const;
export type TaskState = (typeof TASK_STATES)[number];

/** A warehouse's processing status (`warehouses.status`). */
export const WAREHOUSE_STATUSES = [
  'pending',
  'processing',
  'completed',
  'canceled',
  'unauthorized',
  'failed',
] as const;
export type WarehouseStatus = (typeof WAREHOUSE_STATUSES)[number];
