import type { ChildProcess } from 'node:child_process';

/** After SIGTERM, how long a child may take before it is killed. @default 20_000 (20 s) */
const KILL_AFTER_MS = 20_000;

/** SIGTERM, wait for exit, SIGKILL if it takes longer than `killAfterMs`. */
export async function stopProcess(child: ChildProcess, killAfterMs = KILL_AFTER_MS): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  await exited;
  clearTimeout(timer);
}
