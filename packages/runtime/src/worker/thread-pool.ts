import { MessageChannel } from 'node:worker_threads';
import type { TaskProgress } from '@repowiki/contracts';
import { Piscina } from 'piscina';
import type { TaskInfo } from '../context.js';

/** A handler that runs in a worker thread, killed at the hard time limit. */
export interface ThreadHandlerRef {
  readonly kind: 'thread';
  /** Module URL (`new URL('./x.handler.js', import.meta.url).href`). */
  readonly module: string;
  readonly exportName: string;
}

/**
 * Marks a handler to run in a worker thread. The module's export receives
 * `(payload, ctx)` with ctx = { task, signal, progress(), log(level, msg, data) }: no
 * database or NATS inside the thread; return data and let the caller persist it.
 */
export function threadHandler(module: URL | string, exportName = 'default'): ThreadHandlerRef {
  return { kind: 'thread', module: String(module), exportName };
}

export interface ThreadRunCallbacks {
  onProgress(p: TaskProgress): void;
  onLog(level: string, msg: string, data: unknown): void;
}

export class ThreadPool {
  private readonly pool: Piscina;

  constructor(maxThreads: number) {
    this.pool = new Piscina({
      filename: new URL('./thread-entry.mjs', import.meta.url).href,
      maxThreads: Math.max(1, maxThreads),
      minThreads: 0,
      idleTimeout: 30_000,
    });
  }

  /**
   * Runs the handler; `kill` aborts the run by TERMINATING its thread (the only way to stop
   * a handler that never yields). `softAbort` only aborts the handler's signal.
   */
  run(ref: ThreadHandlerRef, payload: unknown, task: TaskInfo, callbacks: ThreadRunCallbacks) {
    const { port1, port2 } = new MessageChannel();
    const kill = new AbortController();
    port1.on(
      'message',
      (msg: { type: string; progress?: TaskProgress; level?: string; msg?: string; data?: unknown }) => {
        if (msg.type === 'progress' && msg.progress) callbacks.onProgress(msg.progress);
        else if (msg.type === 'log') callbacks.onLog(msg.level ?? 'info', msg.msg ?? '', msg.data);
      },
    );
    const promise = this.pool
      .run(
        { module: ref.module, exportName: ref.exportName, payload, task, port: port2 },
        { transferList: [port2], signal: kill.signal },
      )
      .finally(() => port1.close());
    return {
      promise: promise as Promise<unknown>,
      softAbort: (reason: string) => port1.postMessage({ type: 'abort', reason }),
      kill: () => kill.abort(),
    };
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
