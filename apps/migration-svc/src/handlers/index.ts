import { defineHandlers } from '@repowiki/runtime';
import { backupDatabase } from './backup.handler.js';
import { initializeUsersTask } from './initialize-users.handler.js';
import { migrateDocumentsTask } from './migrate-documents.handler.js';
import { migrateWarehousesTask } from './migrate-warehouses.handler.js';
import { restoreDatabase } from './restore.handler.js';
import { runMigrations } from './run.handler.js';
import { schemaMigration } from './schema.handler.js';
import { updateIndexesTask } from './update-indexes.handler.js';

/** Every task of the `migration` queue; a task missing here fails to compile. */
export const handlers = defineHandlers('migration', {
  'tasks.migration.run': runMigrations,
  'tasks.migration.schema': schemaMigration,
  'tasks.migration.initialize-users': initializeUsersTask,
  'tasks.migration.migrate-warehouses': migrateWarehousesTask,
  'tasks.migration.migrate-documents': migrateDocumentsTask,
  'tasks.migration.update-indexes': updateIndexesTask,
  'tasks.migration.backup': backupDatabase,
  'tasks.migration.restore': restoreDatabase,
});
