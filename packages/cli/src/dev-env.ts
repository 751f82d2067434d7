import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { usageError } from './cli.errors.js';

/**
 * `pnpm tasks` (the root package.json) sets `TASKS_ENV_FILE=.devstack/env`: the URLs
 * `pnpm dev` wrote. The file is read when it exists and skipped without a word when it does
 * not (outside dev it never does); variables already set (and not empty) win over it.
 * Node's own `--env-file-if-exists` prints a line to stderr for a missing file, hence this.
 */
export function loadDevEnv(path = process.env.TASKS_ENV_FILE, env: NodeJS.ProcessEnv = process.env): void {
  if (!path) return;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e: unknown) {
    if ((e as { code?: unknown })?.code === 'ENOENT') return;
    throw usageError(`TASKS_ENV_FILE (${path}): ${String((e as Error)?.message ?? e).split('\n')[0]}`);
  }
  for (const [name, value] of Object.entries(parseEnv(text))) if (!env[name]) env[name] = value;
}
