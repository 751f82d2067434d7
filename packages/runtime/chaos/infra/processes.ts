import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';

/**
 * Everything the suite started, so that it can all be stopped by PID at the end, on
 * failure and on Ctrl-C. The suite never signals a process it did not start.
 */
const children = new Set<ChildProcess>();
const extraPids = new Map<string, () => number | undefined>();
const dirs = new Set<string>();

export function trackChild(child: ChildProcess): void {
  children.add(child);
  child.once('exit', () => children.delete(child));
}

/** A daemon we started indirectly (PostgreSQL via pg_ctl): its PID is read when needed. */
export function trackPid(name: string, pid: () => number | undefined): void {
  extraPids.set(name, pid);
}

export function untrackPid(name: string): void {
  extraPids.delete(name);
}

export function trackDir(dir: string): void {
  dirs.add(dir);
}

/** SIGKILLs what is still running and removes temporary directories. Synchronous: safe in 'exit'. */
export function killEverything(): void {
  for (const child of children) {
    if (child.exitCode === null && child.pid) {
      try {
        process.kill(child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  }
  for (const pid of extraPids.values()) {
    const p = pid();
    if (!p) continue;
    try {
      // SIGQUIT: PostgreSQL's immediate shutdown (the postmaster stops its backends).
      process.kill(p, 'SIGQUIT');
    } catch {
      /* already gone */
    }
  }
  extraPids.clear();
}

export function removeDirs(): void {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs.clear();
}

let installed = false;
/** Ctrl-C or a crash of the runner still stops every server and worker it started. */
export function installCleanup(): void {
  if (installed) return;
  installed = true;
  process.once('exit', () => {
    killEverything();
    removeDirs();
  });
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      process.stderr.write(`\nchaos: ${sig}, stopping everything it started\n`);
      process.exit(130);
    });
  }
}
