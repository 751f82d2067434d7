/**
 * Every entry point under the machine's Node 20 (/usr/bin/node on these machines): each one
 * stops at once, exit 1, with the one line of @repowiki/node-check on stderr and no stack trace,
 * before a service could come up half-working.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { REPO_ROOT, SERVICES, serviceArgs } from './services.js';

const OLD_NODE = '/usr/bin/node';
const SOURCE = ['--conditions=source', '--import', '@swc-node/register/esm-register'];

function runOld(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      OLD_NODE,
      args,
      { cwd, env: { ...process.env, FORCE_COLOR: '0' }, timeout: 60_000 },
      (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }),
    );
  });
}

// One service runs for real (the six share the same first line, checked below): ESM links the
// whole graph before evaluating it, so each run costs a compile of the sources on busy cores.
const ENTRY_POINTS: [name: string, args: string[], cwd: string][] = [
  ['stats-svc', serviceArgs('stats-svc'), join(REPO_ROOT, 'apps/stats-svc')],
  ['tasks CLI', [...SOURCE, 'src/bin.ts', 'streams'], join(REPO_ROOT, 'packages/cli')],
  ['pnpm dev (devstack)', [...SOURCE, 'src/main.ts'], join(REPO_ROOT, 'packages/devstack')],
  [
    'vitest global setup',
    [join(REPO_ROOT, 'node_modules/vitest/vitest.mjs'), 'run', 'packages/node-check/src/index.test.ts'],
    REPO_ROOT,
  ],
];

describe(`entry points under ${OLD_NODE}`, () => {
  test('the premise: that Node is older than 24', async () => {
    const { stdout } = await runOld(['-p', 'process.versions.node'], REPO_ROOT);
    expect(
      Number(stdout.split('.')[0]),
      `${OLD_NODE} is ${stdout}: this test needs an old Node there`,
    ).toBeLessThan(24);
  });

  test.each(SERVICES.map((s) => s.name))('%s imports the check first', (name) => {
    const main = readFileSync(join(REPO_ROOT, 'apps', name, 'src/main.ts'), 'utf8');
    expect(/^import .*$/m.exec(main)?.[0]).toBe("import '@repowiki/node-check';");
  });

  test.concurrent.each(ENTRY_POINTS)(
    '%s stops with one line naming the Node needed',
    async (_, args, cwd) => {
      const r = await runOld(args, cwd);
      expect(r.stderr.trim().split('\n')).toEqual([
        expect.stringMatching(/^repowiki-tasks needs Node\.js 24 or newer, this is v\d+\.\d+\.\d+: /),
      ]);
      expect(r.code).toBe(1);
      // Nothing of the program ran: no log line, no help text, no stack.
      expect(r.stdout).not.toMatch(/"level"|Usage:|\n\s+at /);
    },
    60_000,
  );
});
