import { loadGitCredentials } from './config/git-credentials.js';
import { createWarehouseConfig } from './config/warehouse-config.js';
import type { Env } from './env.js';
import { createWarehouseHandlers } from './handlers/index.js';

/**
 * The warehouse queue's handlers as the service runs them: over a config built from the
 * parsed env. bootstrapService calls this once at start-up and hands the map to the
 * TaskWorker, which calls each handler directly.
 */
export function warehouseHandlers(env: Env) {
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
  return createWarehouseHandlers(config);
}
