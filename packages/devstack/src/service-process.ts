import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { REPO_ROOT, serviceArgs } from './services.js';

export interface ServiceExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ServiceProcess {
  readonly child: ChildProcess;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** Resolves when the process has exited. */
  readonly exited: Promise<ServiceExit>;
  /** Sends `signal` and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<ServiceExit>;
}

/**
 * Runs one app as a real process: from source (what tests and the devstack do) or, with
 * `deployed`, as the image runs it (`node dist/main.js` from its built output: what benchmarks
 * measure, with no transpiler loaded and nothing compiled on first use).
 */
export function runService(
  name: string,
  options: { env?: Record<string, string>; args?: readonly string[]; deployed?: boolean } = {},
): ServiceProcess {
  const dir = `${REPO_ROOT}apps/${name}`;
  if (options.deployed && !existsSync(`${dir}/dist/main.js`)) {
    throw new Error(`${name} has no build: run \`pnpm turbo run build --filter @repowiki/${name}\` first`);
  }
  const args = options.deployed ? ['dist/main.js', ...(options.args ?? [])] : serviceArgs(name, options.args);
  const child = spawn(process.execPath, args, {
    cwd: dir,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (b: Buffer) => {
    output += b.toString();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<ServiceExit>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    output: () => output,
    exited,
    stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
