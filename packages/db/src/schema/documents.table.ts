import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { warehouses } from './warehouses.table.js';

const timestamps = {
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
};

/** One generated wiki per warehouse. */
export const documents = pgTable(
  'documents',
  {
    id: uuid().primaryKey().defaultRandom(),
    warehouseId: uuid()
      .notNull()
      .references(() => warehouses.id, { onDelete: 'cascade' }),
    /** Where the clone or source directory lives on the worker's disk. */
    gitPath: text().notNull(),
    lastUpdate: timestamp({ withTimezone: true }).notNull().defaultNow(),
    status: text().notNull().default('pending'),
    description: text().notNull().default(''),
    likeCount: integer().notNull().default(0),
    commentCount: integer().notNull().default(0),
    ...timestamps,
  },
  (t) => [uniqueIndex().on(t.warehouseId), index().on(t.createdAt)],
);

/** The catalog tree: one node per wiki page or section. */
export const documentCatalogs = pgTable(
  'document_catalogs',
  {
    id: uuid().primaryKey().defaultRandom(),
    warehouseId: uuid()
      .notNull()
      .references(() => warehouses.id, { onDelete: 'cascade' }),
    documentId: uuid()
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    parentId: uuid().references((): AnyPgColumn => documentCatalogs.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    /** Stable slug, unique within a warehouse; updates match pages by it. */
    url: text().notNull(),
    description: text().notNull().default(''),
    order: integer().notNull().default(0),
    prompt: text().notNull().default(''),
    isCompleted: boolean().notNull().default(false),
    isDeleted: boolean().notNull().default(false),
    deletedAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    index().on(t.documentId, t.parentId),
    uniqueIndex('document_catalogs_warehouse_url_live_idx')
      .on(t.warehouseId, t.url)
      .where(sql`not ${t.isDeleted}`),
  ],
);

export const documentFileItems = pgTable(
  'document_file_items',
  {
    id: uuid().primaryKey().defaultRandom(),
    documentCatalogId: uuid()
      .notNull()
      .references(() => documentCatalogs.id, { onDelete: 'cascade' }),
    title: text().notNull(),
    description: text().notNull().default(''),
    content: text().notNull().default(''),
    size: integer().notNull().default(0),
    commentCount: integer().notNull().default(0),
    requestToken: integer().notNull().default(0),
    responseToken: integer().notNull().default(0),
    metadata: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    ...timestamps,
  },
  (t) => [uniqueIndex().on(t.documentCatalogId)],
);

/** The repository files a page was generated from. */
export const documentFileItemSources = pgTable(
  'document_file_item_sources',
  {
    id: uuid().primaryKey().defaultRandom(),
    documentFileItemId: uuid()
      .notNull()
      .references(() => documentFileItems.id, { onDelete: 'cascade' }),
    /** Repository-relative path. */
    address: text().notNull(),
    name: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.documentFileItemId), index().on(t.address)],
);

export const documentOverviews = pgTable(
  'document_overviews',
  {
    id: uuid().primaryKey().defaultRandom(),
    documentId: uuid()
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    title: text().notNull(),
    content: text().notNull(),
    ...timestamps,
  },
  (t) => [uniqueIndex().on(t.documentId)],
);

export const documentCommitRecords = pgTable(
  'document_commit_records',
  {
    id: uuid().primaryKey().defaultRandom(),
    warehouseId: uuid()
      .notNull()
      .references(() => warehouses.id, { onDelete: 'cascade' }),
    commitId: text().notNull(),
    commitMessage: text().notNull(),
    title: text().notNull(),
    description: text().notNull().default(''),
    author: text().notNull().default(''),
    lastUpdate: timestamp({ withTimezone: true }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex().on(t.warehouseId, t.commitId), index().on(t.warehouseId, t.lastUpdate)],
);

/**
 * A repository's modules, key symbols and members with their lines (`CodeOutlineSchema` of
 * @repowiki/contracts). Written by warehouse-svc only, at every wiki build; minimap-svc
 * reads it to draw the mind map.
 */
export const codeOutlines = pgTable('code_outlines', {
  id: uuid().primaryKey().defaultRandom(),
  warehouseId: uuid()
    .notNull()
    .unique()
    .references(() => warehouses.id, { onDelete: 'cascade' }),
  value: jsonb().notNull(),
  ...timestamps,
});

/** One mind map per warehouse. Written by minimap-svc only. */
export const minimaps = pgTable('minimaps', {
  id: uuid().primaryKey().defaultRandom(),
  warehouseId: uuid()
    .notNull()
    .unique()
    .references(() => warehouses.id, { onDelete: 'cascade' }),
  value: jsonb().notNull(),
  ...timestamps,
});
