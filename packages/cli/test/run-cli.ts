import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

/** The repository root: `pnpm tasks` runs from here. */
export const REPO_ROOT = resolve(import.meta.dirname, '../../..');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Wall time of the whole process, ms. */
  ms: number;
}

/** The node arguments `pnpm tasks` runs the binary with (source condition, swc loader). */
function cliArgv(args: string[]): string[] {
  return [
    '--conditions=source',
    '--import',
    '@swc-node/register/esm-register',
    'packages/cli/src/bin.ts',
    ...args,
  ];
}

/** This environment with `env` on top (no debug output unless a test asks for it). */
function cliEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, TASKS_DEBUG: '', ...env };
}

/** The binary as a child process, its stdout and stderr collected as they arrive. */
function spawnCli(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, cliArgv(args), {
    cwd: REPO_ROOT,
    env: cliEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (d: Buffer) => {
    out.stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    out.stderr += d.toString();
  });
  return { child, out };
}

/**
 * Runs the real `tasks` binary as `pnpm tasks` does (node, source condition, swc loader)
 * in a child process, with the given environment on top of this one.
 */
export function runCli(args: string[], env: Record<string, string>, timeoutMs = 60_000): Promise<CliRun> {
  const started = Date.now();
  const { child, out } = spawnCli(args, env);
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((done) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout: out.stdout, stderr: out.stderr, ms: Date.now() - started });
    });
  });
}

/** stdout parsed as JSON, with the whole run in the error when it is not. */
export function json<T = unknown>(run: CliRun): T {
  try {
    return JSON.parse(run.stdout) as T;
  } catch {
    throw new Error(`not JSON (exit ${run.code}): ${run.stdout}\n${run.stderr}`);
  }
}

/** Runs several CLI invocations, `concurrency` at a time (each is a whole node process on 2 cores). */
export async function runMany(
  argsList: string[][],
  env: Record<string, string>,
  concurrency = 3,
): Promise<CliRun[]> {
  const results: CliRun[] = new Array(argsList.length);
  let next = 0;
  const lane = async () => {
    while (next < argsList.length) {
      const i = next++;
      results[i] = await runCli(argsList[i] ?? [], env);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return results;
}

const shellQuote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

/**
 * Runs the binary with a terminal as its stdin/stdout (util-linux `script` allocates a pty),
 * typing `input`: how a confirmation prompt is answered by a person. stdout and stderr of
 * the CLI both arrive in `stdout` (one terminal).
 */
export function runCliInTerminal(
  args: string[],
  env: Record<string, string>,
  input: string,
): Promise<CliRun> {
  const command = [process.execPath, ...cliArgv(args)].map(shellQuote).join(' ');
  const started = Date.now();
  const child = spawn('script', ['-qec', command, '/dev/null'], {
    cwd: REPO_ROOT,
    env: cliEnv(env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    // Answer once the question is on the screen (typed earlier, a terminal would echo it first).
    if (input && /\[y\/N\]/.test(stdout)) {
      child.stdin.end(input);
      input = '';
    }
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((done) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** A long-running CLI process (`events --follow`): read its output while it runs, then stop it. */
export function startCli(args: string[], env: Record<string, string>) {
  const { child, out } = spawnCli(args, env);
  const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  return {
    child,
    stdout: () => out.stdout,
    stderr: () => out.stderr,
    exited,
    /** SIGINT (Ctrl-C), then SIGKILL if it has not ended after `graceMs`. */
    async interrupt(graceMs = 10_000): Promise<number | null> {
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
