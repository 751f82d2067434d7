import type { DynamicModule } from '@nestjs/common';
import { createTaskController } from '@repowiki/runtime';
import { loadGitCredentials } from './config/git-credentials.js';
import { createWarehouseConfig } from './config/warehouse-config.js';
import type { Env } from './env.js';
import { createWarehouseHandlers } from './handlers/index.js';

/**
 * warehouse-svc: clones, analyses and documents repositories. The logger, NATS connection,
 * database client, metrics registry and the /healthz, /readyz, /metrics endpoints come from
 * bootstrapService (a global module), so this module holds only what is specific to the
 * service. A factory, because the handlers close over a config built from the env.
 */
export function createAppModule(env: Env): DynamicModule {
  const config = createWarehouseConfig({
    repositoriesDir: env.REPOSITORIES_DIR,
    updateIntervalDays: env.UPDATE_INTERVAL,
    enableWarehouseCommit: env.ENABLE_WAREHOUSE_COMMIT,
    allowLocalRepos: env.ALLOW_LOCAL_REPOS,
    localRoots: env.LOCAL_REPO_ROOTS,
    allowedHosts: env.ALLOWED_GIT_HOSTS,
    allowedSchemes: env.ALLOWED_GIT_SCHEMES,
    allowedPrivateHosts: env.ALLOWED_PRIVATE_GIT_HOSTS,
    cloneTimeoutMs: env.CLONE_TIMEOUT_MS,
    maxCloneBytes: env.MAX_CLONE_BYTES,
    maxFileBytes: env.MAX_FILE_BYTES,
    pageConcurrency: env.TASK_MAX_SIZE_PER_USER,
    // Validated by env.ts; read once here, kept in memory only, handed to git by askpass.
    gitCredentials: loadGitCredentials(env),
  });
  return {
    module: class WarehouseModule {},
    // One `@EventPattern` per task of the 'warehouse' queue; the JetStream transport serves them.
    controllers: [createTaskController('warehouse', createWarehouseHandlers(config))],
  };
}
