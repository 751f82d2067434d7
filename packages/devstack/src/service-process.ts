import { type ChildProcess, spawn } from 'node:child_process';
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

/** Runs one app from source as a real process (what tests and the devstack do). */
export function runService(
  name: string,
  options: { env?: Record<string, string>; args?: readonly string[] } = {},
): ServiceProcess {
  const child = spawn(process.execPath, serviceArgs(name, options.args), {
    cwd: `${REPO_ROOT}apps/${name}`,
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
