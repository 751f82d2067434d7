import { type ChildProcess, spawn } from 'node:child_process';
import { type FSWatcher, watch } from 'node:fs';
import { relative } from 'node:path';
import { createInterface } from 'node:readline';
import { type BackoffOptions, CrashBackoff } from './crash-backoff.js';
import { REPO_ROOT, type ServiceSpec, serviceArgs } from './services.js';
import { serviceSourceDirs } from './source-dirs.js';
import { stopProcess } from './stop-process.js';

export interface SupervisorOptions {
  /** Environment of every service (NATS_URL, DATABASE_URL, …) on top of process.env. */
  env: Record<string, string>;
  /** Added to each service's default HTTP port (two stacks on one machine). @default 0 */
  portOffset?: number;
  /** Where output goes. @default process.stdout */
  out?: NodeJS.WritableStream;
  /**
   * The services write pretty log lines that name the service (LOG_FORMAT=pretty): their
   * stdout is shown as it is; stderr keeps the `[name]` prefix. @default false
   */
  prettyLogs?: boolean;
  /** Delays before a crashed service is started again. @default 1 s doubling to 30 s */
  backoff?: BackoffOptions;
  /** Restart a service when a file of its sources changes (`pnpm dev --watch`). @default false */
  watch?: boolean;
  /** Folders watched for a service. @default serviceSourceDirs (its app and workspace packages) */
  sourceDirs?: (service: string) => string[];
  /** Quiet time after the last change before the restart. @default 300 ms */
  debounceMs?: number;
}

/** Lines of a service's stderr kept for its crash report. */
const STDERR_TAIL_LINES = 15;
/** EX_CONFIG: the service refused its configuration; starting it again changes nothing. */
const EXIT_CONFIG = 78;
/** Changes that never affect a running service. */
const IGNORED_CHANGE = /(\.test\.ts|~)$|(^|\/)\.|\.(md|snap)$/;

interface ServiceState {
  readonly spec: ServiceSpec;
  readonly backoff: CrashBackoff;
  child?: ChildProcess;
  startedAt: number;
  stderrTail: string[];
  /** Pending start after a crash. */
  timer?: NodeJS.Timeout;
  /** The exit of the current child was asked for (a source change): not a crash. */
  expectedExit: boolean;
}

/**
 * Runs the services as child processes, restarts one that crashes (with backoff, the crash
 * shown plainly: service, exit code or signal, the last stderr lines) and, with `watch`, one
 * whose sources changed. `stop()` stops them all. The children stay in the devstack's process
 * group: when turbo passes on a Ctrl-C they drain on their own SIGINT, and when it force-kills
 * the task's group (a second Ctrl-C) they go with it. A detached child would survive that.
 */
export class Supervisor {
  private readonly services = new Map<string, ServiceState>();
  private readonly watchers: FSWatcher[] = [];
  private readonly changed = new Set<string>();
  private changeTimer?: NodeJS.Timeout;
  private stopping = false;

  constructor(private readonly options: SupervisorOptions) {}

  start(services: readonly ServiceSpec[]): void {
    for (const spec of services) {
      const state: ServiceState = {
        spec,
        backoff: new CrashBackoff(this.options.backoff),
        startedAt: 0,
        stderrTail: [],
        expectedExit: false,
      };
      this.services.set(spec.name, state);
      this.launch(state);
    }
    if (this.options.watch) this.watchSources(services);
  }

  /** HTTP port a service was given. */
  portOf(service: ServiceSpec): number {
    return service.httpPort + (this.options.portOffset ?? 0);
  }

  /** PID of a service's current process, if it runs. */
  pidOf(name: string): number | undefined {
    const child = this.services.get(name)?.child;
    return child && child.exitCode === null && child.signalCode === null ? child.pid : undefined;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.changeTimer);
    for (const watcher of this.watchers) watcher.close();
    await Promise.all(
      [...this.services.values()].map((state) => {
        clearTimeout(state.timer);
        return state.child ? stopProcess(state.child) : Promise.resolve();
      }),
    );
  }

  private get out(): NodeJS.WritableStream {
    return this.options.out ?? process.stdout;
  }

  private log(message: string): void {
    this.out.write(`[devstack] ${message}\n`);
  }

  private launch(state: ServiceState): void {
    if (this.stopping) return;
    const { name } = state.spec;
    const child = spawn(process.execPath, serviceArgs(name), {
      cwd: `${REPO_ROOT}apps/${name}`,
      env: { ...process.env, ...this.options.env, HTTP_PORT: String(this.portOf(state.spec)) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    state.child = child;
    state.startedAt = Date.now();
    state.stderrTail = [];
    state.expectedExit = false;
    const prefix = `[${name}] `;
    if (child.stdout) {
      const pretty = this.options.prettyLogs === true;
      createInterface({ input: child.stdout }).on('line', (line) =>
        this.out.write(pretty ? `${line}\n` : `${prefix}${line}\n`),
      );
    }
    if (child.stderr) {
      createInterface({ input: child.stderr }).on('line', (line) => {
        state.stderrTail.push(line);
        if (state.stderrTail.length > STDERR_TAIL_LINES) state.stderrTail.shift();
        this.out.write(`${prefix}${line}\n`);
      });
    }
    child.once('exit', (code, signal) => {
      // Let readline hand over the last lines before the report.
      setImmediate(() => this.onExit(state, child, code, signal));
    });
  }

  private onExit(state: ServiceState, child: ChildProcess, code: number | null, signal: string | null): void {
    if (this.stopping || state.expectedExit || state.child !== child) return;
    const { name } = state.spec;
    const uptimeMs = Date.now() - state.startedAt;
    const how = signal ? `killed by ${signal}` : `exit code ${code}`;
    const tail = state.stderrTail.length
      ? `; last stderr lines:\n${state.stderrTail.map((l) => `  | ${l}`).join('\n')}`
      : '; nothing on stderr';
    if (code === EXIT_CONFIG) {
      this.log(
        `${name} refused its configuration (exit code ${EXIT_CONFIG}): not restarted; fix the variable it names${
          this.options.watch ? ' (a source change starts it again)' : ' and start pnpm dev again'
        }${tail}`,
      );
      return;
    }
    const delayMs = state.backoff.next(uptimeMs);
    this.log(
      `${name} crashed (${how}) after ${(uptimeMs / 1000).toFixed(1)} s; restarting in ${delayMs / 1000} s (crash ${
        state.backoff.count
      } in a row)${tail}`,
    );
    state.timer = setTimeout(() => this.launch(state), delayMs);
  }

  /** A deliberate restart: the old process drains (SIGTERM), then a new one starts at once. */
  private async restart(state: ServiceState): Promise<void> {
    clearTimeout(state.timer);
    state.backoff.reset();
    const child = state.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      state.expectedExit = true;
      await stopProcess(child);
    }
    this.launch(state);
  }

  private watchSources(services: readonly ServiceSpec[]): void {
    const dirsOf = this.options.sourceDirs ?? serviceSourceDirs;
    const byDir = new Map<string, string[]>();
    for (const { name } of services) {
      for (const dir of dirsOf(name)) byDir.set(dir, [...(byDir.get(dir) ?? []), name]);
    }
    for (const [dir, names] of byDir) {
      try {
        const watcher = watch(dir, { recursive: true }, (_event, file) => {
          if (file && IGNORED_CHANGE.test(String(file))) return;
          this.onChange(`${relative(REPO_ROOT, dir) || dir}/${file ?? ''}`, names);
        });
        watcher.on('error', (e) => this.log(`watching ${dir} stopped: ${e.message}`));
        this.watchers.push(watcher);
      } catch (e: unknown) {
        this.log(`cannot watch ${dir}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }

  private onChange(file: string, names: readonly string[]): void {
    for (const name of names) this.changed.add(name);
    clearTimeout(this.changeTimer);
    this.changeTimer = setTimeout(() => {
      const due = [...this.changed];
      this.changed.clear();
      if (this.stopping) return;
      this.log(`${file} changed: restarting ${due.join(', ')}`);
      for (const name of due) {
        const state = this.services.get(name);
        if (state) void this.restart(state);
      }
    }, this.options.debounceMs ?? 300);
  }
}
