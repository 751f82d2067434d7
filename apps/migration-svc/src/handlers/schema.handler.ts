import type { TaskPayload, TaskResult } from '@repowiki/contracts';
import type { TaskContext } from '@repowiki/runtime';
import { applySchema } from '../steps/schema.step.js';
import { readTaskEnv } from '../task-env.js';

/** Applies pending drizzle-kit migrations to DATABASE_URL. */
export async function schemaMigration(
  _payload: TaskPayload<'tasks.migration.schema'>,
  ctx: TaskContext,
): Promise<TaskResult<'tasks.migration.schema'>> {
  const result = await applySchema(readTaskEnv().DATABASE_URL);
  ctx.logger.info(result, 'schema migrated');
  return result;
}
