import type { TaskPayload, TaskResult } from '@repowiki/contracts';
import type { TaskContext } from '@repowiki/runtime';
import { runAllSteps } from '../steps/run-all.js';
import { readTaskEnv } from '../task-env.js';

/** schema → initialize-users → migrate-warehouses → migrate-documents → update-indexes. */
export async function runMigrations(
  _payload: TaskPayload<'tasks.migration.run'>,
  ctx: TaskContext,
): Promise<TaskResult<'tasks.migration.run'>> {
  const env = readTaskEnv();
  const steps = await runAllSteps(ctx.db, {
    databaseUrl: env.DATABASE_URL,
    adminEmail: env.ADMIN_EMAIL,
    adminPassword: env.ADMIN_PASSWORD,
    generatedPasswordFile: env.ADMIN_GENERATED_PASSWORD_FILE,
    signal: ctx.signal,
    logger: ctx.logger,
  });
  return { steps };
}
