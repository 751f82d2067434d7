import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { trackChild } from './infra/processes.js';

const SCRIPT = fileURLToPath(new URL('./worker-process.ts', import.meta.url));
const RUNTIME_DIR = fileURLToPath(new URL('..', import.meta.url));
const READY_TIMEOUT_MS = 60_000;

interface Member {
  child: ChildProcess;
  /** Set when the suite itself kills or stops it: any other exit is a crash. */
  expectedExit: boolean;
  exited: Promise<number | null>;
}

/**
 * The worker processes of one scenario. A worker that exits without being told to is a
 * crash: it is counted and replaced, so one crash does not end the scenario.
 */
export class WorkerPool {
  private readonly members: Member[] = [];
  crashes = 0;
  private readonly starting = new Set<Promise<void>>();
  private closed = false;
  private readonly log: WriteStream;

  constructor(
    private readonly env: Record<string, string>,
    logDir: string,
    name: string,
  ) {
    this.log = createWriteStream(join(logDir, `workers-${name}.log`), { flags: 'a' });
  }

  get size(): number {
    return this.members.length;
  }

  async start(count: number): Promise<void> {
    await Promise.all(Array.from({ length: count }, () => this.spawnOne()));
  }

  private spawnOne(): Promise<void> {
    const child = spawn(
      process.execPath,
      ['--conditions=source', '--import', '@swc-node/register/esm-register', SCRIPT],
      { env: { ...process.env, ...this.env }, stdio: ['ignore', 'pipe', 'pipe'], cwd: RUNTIME_DIR },
    );
    trackChild(child);
    child.stderr?.pipe(this.log, { end: false });
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    const member: Member = { child, expectedExit: false, exited };
    this.members.push(member);
    exited.then((code) => {
      const i = this.members.indexOf(member);
      if (i >= 0) this.members.splice(i, 1);
      if (member.expectedExit || this.closed) return;
      this.crashes++;
      this.log.write(`chaos: worker ${child.pid} crashed (exit ${code}); starting a replacement\n`);
      this.spawnOne().catch((e: unknown) => {
        this.log.write(`chaos: replacement worker failed to start: ${e}\n`);
      });
    });
    return new Promise((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error('worker not ready in time')), READY_TIMEOUT_MS);
      child.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        if (/ready \S+/.test(out)) {
          clearTimeout(timer);
          resolve();
        }
      });
      exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`worker exited with ${code} before it was ready`));
      });
    });
  }

  private pick(): Member | undefined {
    return this.members[Math.floor(Math.random() * this.members.length)];
  }

  /**
   * Signals a random worker (kill -9 or SIGTERM) and starts a replacement at once, as an
   * orchestrator starts a new pod. Resolves when the signalled worker has exited; the
   * replacement comes up in the background (close() waits for it).
   */
  async killOne(signal: 'SIGKILL' | 'SIGTERM'): Promise<void> {
    const m = this.pick();
    if (!m) return;
    m.expectedExit = true;
    m.child.kill(signal);
    const replacement = this.spawnOne().catch((e: unknown) => {
      this.log.write(`chaos: replacement worker failed to start: ${e}\n`);
    });
    this.starting.add(replacement);
    replacement.finally(() => this.starting.delete(replacement));
    const code = await m.exited;
    // A SIGTERM'd worker must stop cleanly (exit 0) within its grace period.
    if (signal === 'SIGTERM' && code !== 0) this.crashes++;
  }

  /** SIGTERMs every worker and waits for them (graceful), then SIGKILLs leftovers. */
  async close(): Promise<void> {
    await Promise.all(this.starting);
    this.closed = true;
    const all = [...this.members];
    for (const m of all) {
      m.expectedExit = true;
      m.child.kill('SIGTERM');
    }
    await Promise.race([Promise.all(all.map((m) => m.exited)), new Promise((r) => setTimeout(r, 15_000))]);
    for (const m of all) if (m.child.exitCode === null) m.child.kill('SIGKILL');
    this.log.end();
  }
}
