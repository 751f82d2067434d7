import {
  boolFlag,
  commaList,
  directory,
  positiveInt,
  serviceEnvSchema,
  urlWithScheme,
} from '@repowiki/runtime';
import { z } from 'zod';

/**
 * warehouse-svc's configuration: the variables every service reads (NATS, DATABASE_URL, limits;
 * see the root README) plus its own. Parsed once at boot; a bad value stops the service
 * with a line naming the variable.
 */
export const envSchema = serviceEnvSchema(
  { httpPort: 3101 },
  {
    /** Clones live in `<REPOSITORIES_DIR>/<warehouseId>`. @default ./data/repositories (relative to the working directory) */
    REPOSITORIES_DIR: directory('data/repositories'),
    /** `schedule-updates` refreshes COMPLETED warehouses older than this many days. @default 7 */
    UPDATE_INTERVAL: positiveInt(7),
    /** Write the update log from the newest 20 commits. @default true */
    ENABLE_WAREHOUSE_COMMIT: boolFlag(true),
    /** Accept `file://` URLs and local directories (development only). @default false */
    ALLOW_LOCAL_REPOS: boolFlag(false),
    /** Comma-separated directories local repositories must live under (with ALLOW_LOCAL_REPOS). @default none */
    LOCAL_REPO_ROOTS: commaList(),
    /** Comma-separated git hosts accepted; empty accepts any host. @default any */
    ALLOWED_GIT_HOSTS: commaList(),
    /** A clone or fetch running longer is killed, ms. @default 600_000 (10 min) */
    CLONE_TIMEOUT_MS: positiveInt(600_000),
    /** OpenAI-compatible endpoint that enriches generated text; unset = deterministic text only. */
    LLM_BASE_URL: urlWithScheme(['http:', 'https:']).optional(),
    LLM_API_KEY: z.string().optional(),
    /** Model name sent to LLM_BASE_URL. */
    LLM_MODEL: z.string().optional(),
  },
);

export type Env = z.output<typeof envSchema>;
