/**
 * The acceptance of `pnpm turbo dev`: everything comes up from nothing (own nats-server,
 * embedded PostgreSQL, migrations, six services), and one Ctrl-C (SIGINT to the process
 * group, what a terminal sends) stops it all, leaving no process behind.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@repowiki/db';
import { afterAll, expect, test } from 'vitest';
import { REPO_ROOT, SERVICES } from './services.js';
import { waitForHttp } from './wait-for-http.js';

const stateDir = mkdtempSync(join(tmpdir(), 'repowiki-devstack-'));
// Run as root, PostgreSQL runs as `postgres` and must reach its data directory.
chmodSync(stateDir, 0o755);
afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

/** PIDs of live processes whose environment carries `marker` (all descendants inherit it). */
function processesWithEnv(marker: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      if (/^State:\s+Z/m.test(status)) continue;
      if (readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0').includes(marker))
        found.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

test('`pnpm turbo dev` starts NATS, PostgreSQL and all seven services; SIGINT stops every process', async () => {
  const natsPort = await freePort();
  // Seven consecutive free-looking ports: an offset well away from the defaults.
  const offset = 20_000 + Math.floor(Math.random() * 20_000);
  const marker = `DEVSTACK_DIR=${stateDir}`;
  const turbo = spawn('pnpm', ['turbo', 'dev'], {
    cwd: REPO_ROOT,
    // Own process group, like a terminal job: the SIGINT below reaches all of it.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      NATS_URL: `nats://127.0.0.1:${natsPort}`,
      DATABASE_URL: '',
      DEVSTACK_DIR: stateDir,
      DEVSTACK_PORT_OFFSET: String(offset),
      // The front-end into a folder of this test: the console's browser tests build theirs
      // at the same time, and vite allows one build per project into its default folder.
      CONSOLE_WEB_DIR: join(stateDir, 'console-web'),
      LOG_LEVEL: 'warn',
      TURBO_TELEMETRY_DISABLED: '1',
      DO_NOT_TRACK: '1',
    },
  });
  let output = '';
  turbo.stdout?.on('data', (b: Buffer) => {
    output += b.toString();
  });
  turbo.stderr?.on('data', (b: Buffer) => {
    output += b.toString();
  });
  const exited = new Promise<number | null>((resolve) => turbo.once('exit', (code) => resolve(code)));
  try {
    await Promise.race([
      Promise.all(
        SERVICES.map((s) =>
          waitForHttp(`http://127.0.0.1:${s.httpPort + offset}/readyz`, { timeoutMs: 90_000 }),
        ),
      ),
      exited.then((code) =>
        Promise.reject(new Error(`pnpm turbo dev exited with ${code} before the services were ready`)),
      ),
    ]).catch((e: unknown) => {
      throw new Error(`${String(e)}\n--- output ---\n${output.slice(-4_000)}`);
    });
    expect(output).toContain(`started nats-server at nats://127.0.0.1:${natsPort}`);
    expect(output).toMatch(/started PostgreSQL on 127\.0\.0\.1:\d+/);
    // The newcomer finds the console's URL (and a sign-in link) in the output and in .devstack/env.
    const consoleUrl = `http://127.0.0.1:${3107 + offset}`;
    expect(output).toContain(`console: ${consoleUrl} — sign in with ${consoleUrl}/login#token=`);
    expect(readFileSync(join(stateDir, 'env'), 'utf8')).toContain(`CONSOLE_URL=${consoleUrl}\n`);
    expect((await fetch(`${consoleUrl}/api/overview`)).status).toBe(401);
    const running = processesWithEnv(marker);
    // pnpm, turbo, the devstack, nats-server, postgres and seven services at least.
    expect(running.length).toBeGreaterThanOrEqual(12);

    process.kill(-(turbo.pid as number), 'SIGINT');
    await Promise.race([
      exited,
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`no exit 30 s after SIGINT\n${output.slice(-3_000)}`)), 30_000),
      ),
    ]);
    // Exit of the group leader does not wait for grandchildren: give them a moment.
    const deadline = Date.now() + 5_000;
    let left = processesWithEnv(marker);
    while (left.length > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      left = processesWithEnv(marker);
    }
    expect(left, `left behind: ${left.map((pid) => readCmdline(pid)).join(' | ')}`).toEqual([]);
  } finally {
    for (const pid of processesWithEnv(marker)) process.kill(pid, 'SIGKILL');
  }
}, 150_000);

function readCmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
  } catch {
    return String(pid);
  }
}
