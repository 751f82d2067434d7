import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { REPO_ROOT, type ServiceSpec, serviceArgs } from './services.js';
import { stopProcess } from './stop-process.js';

export interface SupervisorOptions {
  /** Environment of every service (NATS_URL, DATABASE_URL, …) on top of process.env. */
  env: Record<string, string>;
  /** Added to each service's default HTTP port (two stacks on one machine). @default 0 */
  portOffset?: number;
  /** Where prefixed output goes. @default process.stdout */
  out?: NodeJS.WritableStream;
}

/**
 * Runs the services as child processes with `[name]`-prefixed output, and stops them all
 * on `stop()`. The children stay in the devstack's process group: when turbo passes on a
 * Ctrl-C they drain on their own SIGINT, and when it force-kills the task's group (a second
 * Ctrl-C) they go with it. A detached child would survive that and be left behind.
 */
export class Supervisor {
  private readonly children = new Map<string, ChildProcess>();
  private stopping = false;

  constructor(private readonly options: SupervisorOptions) {}

  start(services: readonly ServiceSpec[]): void {
    for (const service of services) this.startOne(service);
  }

  /** HTTP port a service was given. */
  portOf(service: ServiceSpec): number {
    return service.httpPort + (this.options.portOffset ?? 0);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all([...this.children.values()].map((child) => stopProcess(child)));
  }

  private startOne(service: ServiceSpec): void {
    const out = this.options.out ?? process.stdout;
    const child = spawn(process.execPath, serviceArgs(service.name), {
      cwd: `${REPO_ROOT}apps/${service.name}`,
      env: { ...process.env, ...this.options.env, HTTP_PORT: String(this.portOf(service)) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.children.set(service.name, child);
    const prefix = `[${service.name}] `;
    for (const stream of [child.stdout, child.stderr]) {
      if (stream) createInterface({ input: stream }).on('line', (line) => out.write(`${prefix}${line}\n`));
    }
    child.once('exit', (code, signal) => {
      if (!this.stopping)
        out.write(`${prefix}exited unexpectedly (code ${code}, signal ${signal}); the others keep running\n`);
    });
  }
}
