import { z } from 'zod';
import { EmptyPayloadSchema } from '../common.schema.js';
import { defineTask } from '../define-task.js';

const StepResultSchema = z.object({ step: z.string(), changed: z.int().nonnegative() });

/** Migrations must never run twice concurrently by retry: a failure needs an operator. */
const once = { maxRetries: 0 };

export const migrationTasks = {
  'tasks.migration.run': defineTask({
    queue: 'migration',
    name: 'run',
    description: 'Schema, users, warehouses, documents and indexes, in order; each step idempotent.',
    payload: EmptyPayloadSchema,
    result: z.object({ steps: z.array(StepResultSchema) }),
    retry: once,
  }),
  'tasks.migration.schema': defineTask({
    queue: 'migration',
    name: 'schema',
    description: 'Apply drizzle-kit SQL migrations under an advisory lock.',
    payload: EmptyPayloadSchema,
    result: StepResultSchema,
    retry: once,
  }),
  'tasks.migration.initialize-users': defineTask({
    queue: 'migration',
    name: 'initialize-users',
    description: 'Roles admin and user, an admin from ADMIN_EMAIL, a role for every user.',
    payload: EmptyPayloadSchema,
    result: StepResultSchema,
    retry: once,
  }),
  'tasks.migration.migrate-warehouses': defineTask({
    queue: 'migration',
    name: 'migrate-warehouses',
    description: 'Normalise legacy warehouse rows (timestamps, numeric statuses).',
    payload: EmptyPayloadSchema,
    result: StepResultSchema,
    retry: once,
  }),
  'tasks.migration.migrate-documents': defineTask({
    queue: 'migration',
    name: 'migrate-documents',
    description: 'Normalise legacy document rows.',
    payload: EmptyPayloadSchema,
    result: StepResultSchema,
    retry: once,
  }),
  'tasks.migration.update-indexes': defineTask({
    queue: 'migration',
    name: 'update-indexes',
    description: 'Create missing indexes concurrently, then ANALYZE.',
    payload: EmptyPayloadSchema,
    result: StepResultSchema,
    retry: once,
  }),
  'tasks.migration.backup': defineTask({
    queue: 'migration',
    name: 'backup',
    description: 'Consistent snapshot of every table to BACKUP_DIR with a manifest and retention.',
    // `keep` omitted → BACKUP_RETENTION_COUNT of migration-svc [7].
    payload: z.strictObject({ keep: z.int().min(1).max(1000).optional() }),
    result: z.object({ path: z.string(), tables: z.record(z.string(), z.int()) }),
    retry: once,
  }),
  'tasks.migration.restore': defineTask({
    queue: 'migration',
    name: 'restore',
    description: 'Verify a backup against its manifest, then restore it in one transaction.',
    payload: z.strictObject({ path: z.string().min(1) }),
    result: z.object({ path: z.string(), tables: z.record(z.string(), z.int()) }),
    retry: once,
  }),
} as const;
