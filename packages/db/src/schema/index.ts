export * from './documents.table.js';
export * from './enums.table.js';
export * from './queue-pauses.table.js';
export * from './statistics.table.js';
export * from './task-runs.table.js';
export * from './task-timers.table.js';
export * from './users.table.js';
export * from './warehouses.table.js';
