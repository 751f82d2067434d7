import type { DbClient } from '@repowiki/db';
import type { Logger } from 'pino';
import { type AdminSettings, initializeUsers } from './initialize-users.step.js';
import { migrateDocuments } from './migrate-documents.step.js';
import { migrateWarehouses } from './migrate-warehouses.step.js';
import { withMigrationLock } from './migration-lock.js';
import { applySchema } from './schema.step.js';
import type { StepResult } from './step-result.js';
import { updateIndexes } from './update-indexes.step.js';

export interface RunAllOptions extends AdminSettings {
  databaseUrl: string;
  signal: AbortSignal;
  logger: Logger;
}

/**
 * Every step in order: schema, users, warehouses, documents, indexes. Each is idempotent and
 * the whole run holds the migration lock, so a second run started meanwhile waits, then
 * reports 0 changes per step.
 */
export async function runAllSteps(db: DbClient, options: RunAllOptions): Promise<StepResult[]> {
  const { logger, signal } = options;
  return withMigrationLock(db, signal, async () => {
    const steps: (() => Promise<StepResult>)[] = [
      () => applySchema(options.databaseUrl),
      () => initializeUsers(db, options, logger),
      () => migrateWarehouses(db, logger),
      () => migrateDocuments(db, logger),
      () => updateIndexes(db, logger, signal),
    ];
    const results: StepResult[] = [];
    for (const step of steps) {
      signal.throwIfAborted();
      const result = await step();
      logger.info(result, 'migration step done');
      results.push(result);
    }
    return results;
  });
}
