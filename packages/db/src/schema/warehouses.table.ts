import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { classification, warehouseStatus, warehouseType } from './enums.table.js';
import { users } from './users.table.js';

export const warehouses = pgTable(
  'warehouses',
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationName: text().notNull().default(''),
    name: text().notNull(),
    description: text().notNull().default(''),
    /** Git URL or local path; never carries credentials (rejected on registration). */
    address: text().notNull(),
    type: warehouseType().notNull().default('git'),
    branch: text().notNull().default(''),
    status: warehouseStatus().notNull().default('pending'),
    error: text(),
    /** Commit the wiki was generated from (HEAD at processing time). */
    version: text(),
    readme: text(),
    optimizedDirectoryStructure: text(),
    classify: classification(),
    creatorId: uuid().references(() => users.id, { onDelete: 'set null' }),
    /** Status code of the legacy system (0,1,2,3,4,99) until `migrate-warehouses` maps it. */
    legacyStatus: integer(),
    isDeleted: boolean().notNull().default(false),
    deletedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('warehouses_status_updated_idx').on(t.status, t.updatedAt).where(sql`not ${t.isDeleted}`),
    index().on(t.createdAt),
    index().on(t.creatorId),
  ],
);
