import { readFileSync } from 'node:fs';
import {
  boolFlag,
  commaList,
  directory,
  positiveInt,
  serviceEnvSchema,
  urlWithScheme,
} from '@repowiki/runtime';
import { z } from 'zod';
import { loadGitCredentials, parseGitCredentials } from './config/git-credentials.js';
import { parseAllowEntry } from './source/private-host-allow-list.js';

/** Why a credential source fails to parse ("line 3: …"), for the env error; the text stays hidden. */
function credentialsProblem(read: () => string, source: string): string | undefined {
  try {
    parseGitCredentials(read(), source);
    return undefined;
  } catch (e) {
    return (e as Error).message.replace(`${source} `, '');
  }
}

/** Transports a warehouse address may use; `file` is ALLOW_LOCAL_REPOS's business. */
const GIT_SCHEMES = ['https', 'ssh', 'http', 'git'] as const;

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
    /** Comma-separated git hosts accepted; empty accepts any host that resolves to public addresses. @default any */
    ALLOWED_GIT_HOSTS: commaList(),
    /** Comma-separated URL schemes accepted, of https, ssh, http, git. @default https,ssh */
    ALLOWED_GIT_SCHEMES: commaList()
      .transform((list) => (list.length > 0 ? list.map((s) => s.toLowerCase()) : ['https', 'ssh']))
      .refine((list) => list.every((s) => (GIT_SCHEMES as readonly string[]).includes(s)), {
        error: `expected a comma-separated list of ${GIT_SCHEMES.join(', ')}`,
      }),
    /**
     * Comma-separated host names, IP addresses and CIDR blocks (`git.corp.example, 10.20.0.0/16`)
     * that may be loopback/private/link-local: self-hosted git servers. Every other host must
     * resolve to public addresses only. @default none
     */
    ALLOWED_PRIVATE_GIT_HOSTS: commaList().refine((list) => list.every((e) => parseAllowEntry(e)), {
      error: 'expected comma-separated host names, IP addresses or CIDR blocks (10.0.0.0/8)',
    }),
    /** A clone (git data plus checked-out files, on disk) over this many bytes is refused. @default 2_147_483_648 (2 GiB) */
    MAX_CLONE_BYTES: positiveInt(2 * 1024 * 1024 * 1024),
    /** Files over this many bytes are listed as "huge" and never read. @default 1_048_576 (1 MiB) */
    MAX_FILE_BYTES: positiveInt(1024 * 1024),
    /** A clone or fetch running longer is killed, ms. @default 600_000 (10 min) */
    CLONE_TIMEOUT_MS: positiveInt(600_000),
    /** OpenAI-compatible endpoint that enriches generated text; unset = deterministic text only. */
    LLM_BASE_URL: urlWithScheme(['http:', 'https:']).optional(),
    LLM_API_KEY: z.string().optional(),
    /** Model name sent to LLM_BASE_URL. */
    LLM_MODEL: z.string().optional(),
    /**
     * Credentials for private repositories, a file of git-credential-store lines
     * (`https://user:token@host`, one per host), e.g. a mounted Secret. Read at start-up:
     * restart after rotating. Each is answered only to its own host's prompts. @default none
     */
    GIT_CREDENTIALS_FILE: z
      .string()
      .trim()
      .superRefine((path, ctx) => {
        let text: string;
        try {
          text = readFileSync(path, 'utf8');
        } catch {
          ctx.addIssue({ code: 'custom', message: 'cannot read the file' });
          return;
        }
        const problem = credentialsProblem(() => text, 'GIT_CREDENTIALS_FILE');
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .optional(),
    /** The same lines in a variable (newline- or space-separated), e.g. from a secretKeyRef. @default none */
    GIT_CREDENTIALS: z
      .string()
      .superRefine((text, ctx) => {
        const problem = credentialsProblem(() => text.split(/\s+/).join('\n'), 'GIT_CREDENTIALS');
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .transform((text) => text.split(/\s+/).join('\n'))
      .optional(),
  },
).superRefine((env, ctx) => {
  try {
    loadGitCredentials(env as { GIT_CREDENTIALS_FILE?: string; GIT_CREDENTIALS?: string });
  } catch (e) {
    ctx.addIssue({
      code: 'custom',
      path: ['GIT_CREDENTIALS'],
      message: (e as Error).message.replace('GIT_CREDENTIALS: ', ''),
    });
  }
});

export type Env = z.output<typeof envSchema>;
