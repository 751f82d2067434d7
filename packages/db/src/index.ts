export { and, asc, desc, eq, gt, gte, inArray, isNull, lt, lte, ne, not, or, sql } from 'drizzle-orm';
export * from './client.js';
export * from './free-port.js';
export * from './migrate.js';
export * from './queries/delete-access-records-before.query.js';
export * from './queries/view-windows.js';
export * from './schema/index.js';
