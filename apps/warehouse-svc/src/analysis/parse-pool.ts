import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { ParseJob } from './parse.worker.js';
import type { FileSymbols } from './symbol-types.js';

/**
 * Run from src (dev, tests, bench) this module is `parse-pool.ts` and the worker must be
 * loaded as TypeScript; from dist both are `.js`. The extension of this very module tells.
 */
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER_URL = new URL(`./parse.worker.${FROM_SOURCE ? 'ts' : 'js'}`, import.meta.url).href;

/**
 * Node options of the worker threads, which by default inherit the parent's execArgv.
 * From dist they need none. From src they need TypeScript: rather than the parent's swc
 * loader (a loader thread per worker), Node's built-in type stripping plus a tiny
 * in-thread hook that maps `./x.js` imports to `./x.ts` (source-worker-hooks.mjs). The
 * worker's modules use erasable TypeScript only (no enums, no parameter properties).
 */
const WORKER_EXEC_ARGV = FROM_SOURCE
  ? ['--import', new URL('./source-worker-hooks.mjs', import.meta.url).href]
  : [];

/** Threads parsing at once: every core (ctags uses one), at least 2. */
export function parsePoolSize(): number {
  return Math.max(2, availableParallelism());
}

/**
 * Parses files across worker threads. tree-sitter's WASM parse is ~85 % of the analysis
 * and runs synchronously, so a single thread leaves the other cores idle. One pool per
 * analysis, closed at its end: no threads linger between tasks.
 */
export class ParsePool {
  private readonly pool: Piscina;

  constructor(threads = parsePoolSize()) {
    this.pool = new Piscina({
      filename: WORKER_URL,
      // Started now, so the threads boot (loader, tree-sitter runtime) while files are listed.
      minThreads: threads,
      maxThreads: threads,
      execArgv: WORKER_EXEC_ARGV,
    });
  }

  get threads(): number {
    return this.pool.options.maxThreads;
  }

  /** Results in job order. A rejection MUST be handled by the caller (or it goes unhandled). */
  parse(jobs: readonly ParseJob[]): Promise<(FileSymbols | undefined)[]> {
    return this.pool.run(jobs) as Promise<(FileSymbols | undefined)[]>;
  }

  /** Ends every thread; MUST run once the analysis is done or failed. */
  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
