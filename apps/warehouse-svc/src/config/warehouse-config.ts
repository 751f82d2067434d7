import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Credentials for one git host; handed to git through GIT_ASKPASS, never argv or URLs,
 * and answered only to prompts for that host (see askpass.ts).
 */
export interface GitCredential {
  readonly username: string;
  readonly password: string;
}

/**
 * Everything the warehouse handlers need to know about their environment. The app
 * wiring builds it from env.ts; tests pass temp dirs. Sizes in bytes, times in ms.
 */
export interface WarehouseConfig {
  /** Clones live in `<repositoriesDir>/<warehouseId>`; nothing outside it is ever deleted. */
  readonly repositoriesDir: string;
  /** `schedule-updates` picks COMPLETED warehouses whose document is older than this. @default 7 (days) */
  readonly updateIntervalDays: number;
  /** Write the update log from the newest commits. @default true */
  readonly enableWarehouseCommit: boolean;
  /** `file://` URLs and local paths are accepted only when true. @default false */
  readonly allowLocalRepos: boolean;
  /** Local paths must resolve (symlinks included) under one of these directories. @default [] */
  readonly localRoots: readonly string[];
  /** Accepted URL schemes (`https`, `ssh`, `http`, `git`). @default ['https', 'ssh'] */
  readonly allowedSchemes: readonly string[];
  /** Accepted git hosts; empty means any host (that resolves to public addresses). @default [] */
  readonly allowedHosts: readonly string[];
  /**
   * Host names, IP addresses and CIDR blocks a repository host may resolve into although
   * they are not public (loopback, private, link-local…): self-hosted git servers.
   * Every other host must resolve to public addresses only. @default []
   */
  readonly allowedPrivateHosts: readonly string[];
  /** Host → credential, e.g. a token for a private GitHub organisation. @default {} */
  readonly gitCredentials: Readonly<Record<string, GitCredential>>;
  /** A clone or fetch that runs longer is killed and the task fails. @default 600_000 (10 min) */
  readonly cloneTimeoutMs: number;
  /**
   * A clone or update is refused, or killed, once its directory (git data plus checked-out
   * files, measured on disk) would hold more. @default 2_147_483_648 (2 GiB)
   */
  readonly maxCloneBytes: number;
  /** Repositories with more tracked files fail instead of exhausting the worker. @default 100_000 */
  readonly maxFiles: number;
  /** Larger files are listed but not read ("huge"); no read goes past it. @default 1_048_576 (1 MiB) */
  readonly maxFileBytes: number;
  /** Folder names skipped anywhere in the tree (in addition to .gitignore). */
  readonly excludedFolders: readonly string[];
  /** File name globs (`*` only) skipped anywhere in the tree. */
  readonly excludedFiles: readonly string[];
  /** Pages generated at once (`TASK_MAX_SIZE_PER_USER`). @default 5 */
  readonly pageConcurrency: number;
  /** Newest commits kept in the update log. @default 20 */
  readonly commitLogSize: number;
}

export const DEFAULT_EXCLUDED_FOLDERS = [
  '.git',
  'node_modules',
  'bower_components',
  'vendor',
  'dist',
  'build',
  'out',
  'target',
  'bin',
  'obj',
  '.next',
  '.nuxt',
  '.venv',
  'venv',
  '__pycache__',
  '.idea',
  '.vs',
  '.vscode',
  'coverage',
];

export const DEFAULT_EXCLUDED_FILES = [
  '*.min.js',
  '*.min.css',
  '*.map',
  '*.lock',
  'package-lock.json',
  'pnpm-lock.yaml',
  '*.pyc',
  '.DS_Store',
];

export function createWarehouseConfig(overrides: Partial<WarehouseConfig> = {}): WarehouseConfig {
  return {
    repositoriesDir: join(tmpdir(), 'repowiki-repositories'),
    updateIntervalDays: 7,
    enableWarehouseCommit: true,
    allowLocalRepos: false,
    localRoots: [],
    allowedSchemes: ['https', 'ssh'],
    allowedHosts: [],
    allowedPrivateHosts: [],
    gitCredentials: {},
    cloneTimeoutMs: 600_000,
    maxCloneBytes: 2 * 1024 * 1024 * 1024,
    maxFiles: 100_000,
    maxFileBytes: 1024 * 1024,
    excludedFolders: DEFAULT_EXCLUDED_FOLDERS,
    excludedFiles: DEFAULT_EXCLUDED_FILES,
    pageConcurrency: 5,
    commitLogSize: 20,
    ...overrides,
  };
}
