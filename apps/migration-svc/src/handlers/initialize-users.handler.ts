import type { TaskPayload, TaskResult } from '@repowiki/contracts';
import type { TaskContext } from '@repowiki/runtime';
import { initializeUsers } from '../steps/initialize-users.step.js';
import { withMigrationLock } from '../steps/migration-lock.js';
import { readTaskEnv } from '../task-env.js';

/** Roles, the admin from ADMIN_EMAIL / ADMIN_PASSWORD, and a role for every user. */
export async function initializeUsersTask(
  _payload: TaskPayload<'tasks.migration.initialize-users'>,
  ctx: TaskContext,
): Promise<TaskResult<'tasks.migration.initialize-users'>> {
  const env = readTaskEnv();
  return withMigrationLock(ctx.db, ctx.signal, () =>
    initializeUsers(
      ctx.db,
      {
        adminEmail: env.ADMIN_EMAIL,
        adminPassword: env.ADMIN_PASSWORD,
        generatedPasswordFile: env.ADMIN_GENERATED_PASSWORD_FILE,
      },
      ctx.logger,
    ),
  );
}
