import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { waitFor } from '@repowiki/testkit';
import type { TaskClient } from '../src/client/task-client.js';

const script = fileURLToPath(new URL('./worker-process.ts', import.meta.url));

export interface ChildWorker {
  child: ChildProcess;
  workerId: string;
  exited: Promise<number | null>;
}

/** Starts test/worker-process.ts as a real process; resolves once it pulls. */
export function startChildWorker(env: Record<string, string>): Promise<ChildWorker> {
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', '@swc-node/register/esm-register', script],
    {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
      cwd: fileURLToPath(new URL('..', import.meta.url)),
    },
  );
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /ready (\S+)/.exec(out);
      if (m) resolve({ child, workerId: m[1]!, exited });
    });
    exited.then((code) => reject(new Error(`worker process exited early with ${code}`)));
  });
}

/** Waits until task `id` runs on worker `workerId` (its claim committed). */
export async function runningOn(client: TaskClient, id: string, workerId: string): Promise<void> {
  await waitFor(
    async () => {
      const s = await client.status(id);
      return ['STARTED', 'PROGRESS'].includes(s.state) && s.workerId === workerId;
    },
    { timeoutMs: 30_000 },
  );
}
