/**
 * The supervisor of `pnpm dev` with real service processes: a service killed with SIGKILL is
 * reported and comes back (answers /readyz again); one that crashes at boot is retried with
 * growing delays and its stderr shown; one that refuses its configuration is not restarted;
 * with `watch`, a source change restarts it (debounced), which is not a crash.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { freePort } from '@repowiki/db';
import { test, waitFor } from '@repowiki/testkit';
import { describe, expect } from 'vitest';
import { SERVICES, type ServiceSpec } from './services.js';
import { Supervisor, type SupervisorOptions } from './supervisor.js';
import { waitForHttp } from './wait-for-http.js';

const STATS = SERVICES.find((s) => s.name === 'stats-svc') as ServiceSpec;

/** A supervisor of stats-svc alone on a free port, its output collected. */
async function superviseStats(env: Record<string, string>, options: Partial<SupervisorOptions> = {}) {
  const port = await freePort();
  const out = new PassThrough();
  let output = '';
  out.on('data', (b: Buffer) => {
    output += b.toString();
  });
  const supervisor = new Supervisor({
    env: { LOG_LEVEL: 'warn', LOG_FORMAT: 'json', ...env },
    portOffset: port - STATS.httpPort,
    out,
    ...options,
  });
  supervisor.start([STATS]);
  const readyz = `http://127.0.0.1:${port}/readyz`;
  return {
    supervisor,
    readyz,
    output: () => output,
    async until(text: string | RegExp, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (!(typeof text === 'string' ? output.includes(text) : text.test(output))) {
        if (Date.now() > deadline)
          throw new Error(`no ${String(text)} within ${timeoutMs} ms:\n${output.slice(-3_000)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}

describe('Supervisor', () => {
  test('a service killed with SIGKILL is reported plainly and comes back', async ({
    natsUrl,
    databaseUrl,
  }) => {
    const s = await superviseStats({ NATS_URL: natsUrl, DATABASE_URL: databaseUrl });
    try {
      await waitForHttp(s.readyz, { timeoutMs: 60_000 });
      const first = s.supervisor.pidOf('stats-svc') as number;
      expect(first).toBeGreaterThan(0);
      process.kill(first, 'SIGKILL');
      await s.until(
        /\[devstack\] stats-svc crashed \(killed by SIGKILL\) after \d+\.\d s; restarting in 1 s \(crash 1 in a row\)/,
      );
      await waitForHttp(s.readyz, { timeoutMs: 60_000 });
      const second = s.supervisor.pidOf('stats-svc');
      expect(second).toBeGreaterThan(0);
      expect(second).not.toBe(first);
    } finally {
      await s.supervisor.stop();
    }
    // stop() is not a crash.
    expect(s.output().match(/crashed/g)).toHaveLength(1);
  }, 150_000);

  test('a service crashing at boot is retried with doubling delays, its stderr shown', async () => {
    // The process dies before any of its code runs: a stand-in for a broken import (NODE_OPTIONS
    // splits on spaces and drops quotes, hence a number).
    const s = await superviseStats(
      { NODE_OPTIONS: '--import=data:text/javascript,console.error(42424242);process.exit(3)' },
      { backoff: { initialMs: 200 } },
    );
    try {
      await s.until('restarting in 0.8 s (crash 3 in a row)');
      const reports = s.output().match(/stats-svc crashed \(exit code 3\).*/g) ?? [];
      expect(reports.slice(0, 3).map((r) => /restarting in ([\d.]+) s/.exec(r)?.[1])).toEqual([
        '0.2',
        '0.4',
        '0.8',
      ]);
      expect(s.output()).toContain('last stderr lines:\n  | 42424242\n');
    } finally {
      await s.supervisor.stop();
    }
  }, 60_000);

  test('a service refusing its configuration is not restarted', async ({ natsUrl, databaseUrl }) => {
    const s = await superviseStats(
      { NATS_URL: natsUrl, DATABASE_URL: databaseUrl, TASK_MAX_SIZE_PER_USER: 'abc' },
      { backoff: { initialMs: 100 } },
    );
    try {
      await s.until('stats-svc refused its configuration (exit code 78): not restarted', 60_000);
      expect(s.output()).toContain('  | stats-svc: invalid configuration: TASK_MAX_SIZE_PER_USER');
      await new Promise((r) => setTimeout(r, 1_000));
      expect(s.supervisor.pidOf('stats-svc')).toBeUndefined();
      expect(s.output().match(/refused its configuration/g)).toHaveLength(1);
    } finally {
      await s.supervisor.stop();
    }
  }, 90_000);

  test('with watch, a change of its sources restarts it once (debounced), not as a crash', async ({
    natsUrl,
    databaseUrl,
  }) => {
    const sources = mkdtempSync(join(tmpdir(), 'repowiki-watch-'));
    const s = await superviseStats(
      { NATS_URL: natsUrl, DATABASE_URL: databaseUrl },
      { watch: true, sourceDirs: () => [sources], debounceMs: 200 },
    );
    try {
      await waitForHttp(s.readyz, { timeoutMs: 60_000 });
      const first = s.supervisor.pidOf('stats-svc');
      // An editor's save: several writes within the debounce window.
      writeFileSync(join(sources, 'handler.ts'), 'export const a = 1;\n');
      writeFileSync(join(sources, 'handler.ts'), 'export const a = 2;\n');
      writeFileSync(join(sources, 'other.ts'), 'export const b = 1;\n');
      await s.until(/changed: restarting stats-svc\n/);
      // The old process may still answer /readyz while it stops: wait for the new one first.
      await waitFor(
        () => {
          const pid = s.supervisor.pidOf('stats-svc');
          return pid !== undefined && pid !== first;
        },
        { timeoutMs: 60_000 },
      );
      await waitForHttp(s.readyz, { timeoutMs: 60_000 });
      expect(s.supervisor.pidOf('stats-svc')).not.toBe(first);
      // A test file is not a source of the running service.
      writeFileSync(join(sources, 'handler.test.ts'), '');
      await new Promise((r) => setTimeout(r, 800));
      expect(s.output().match(/changed: restarting/g)).toHaveLength(1);
      expect(s.output()).not.toContain('crashed');
    } finally {
      await s.supervisor.stop();
      rmSync(sources, { recursive: true, force: true });
    }
  }, 150_000);
});
