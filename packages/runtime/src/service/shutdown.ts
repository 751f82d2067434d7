import type { NatsConnection } from '@nats-io/nats-core';
import type { INestApplication } from '@nestjs/common';
import type { DbClient } from '@repowiki/db';
import type { Logger } from 'pino';
import type { JetStreamTransport } from '../transport/jetstream.transport.js';

export interface ShutdownParts {
  app: INestApplication;
  /** The worker and event consumers; drained first, while Nest's providers are still up. */
  transport: JetStreamTransport;
  /** Stopped first: no heap trim while draining. */
  heapTrim?: { stop(): void };
  nc: NatsConnection;
  db: DbClient;
  logger: Logger;
  /** SHUTDOWN_GRACE_MS: what the transport gets to finish in-flight tasks. */
  graceMs: number;
}

/** Past the grace period, what closing NATS and PostgreSQL may still take. @default 10_000 (10 s) */
const CLOSE_MARGIN_MS = 10_000;

/**
 * SIGTERM/SIGINT → close the transport (stop pulling, let in-flight tasks finish within the
 * grace period, return the rest to the stream) → close Nest (HTTP, then the modules' destroy
 * and shutdown hooks: providers a handler uses stay up until no task runs) → drain NATS →
 * close PostgreSQL → exit 0. /healthz and /metrics answer during the drain. A second signal
 * exits at once (an impatient Ctrl-C).
 */
export function installShutdown(parts: ShutdownParts): void {
  const { app, transport, nc, db, logger } = parts;
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal during shutdown: exiting now');
      logger.flush(() => process.exit(1));
      return;
    }
    stopping = true;
    parts.heapTrim?.stop();
    logger.info({ signal, graceMs: parts.graceMs }, 'shutting down');
    const deadline = setTimeout(() => {
      logger.error({ afterMs: parts.graceMs + CLOSE_MARGIN_MS }, 'shutdown took too long: exiting');
      logger.flush(() => process.exit(1));
    }, parts.graceMs + CLOSE_MARGIN_MS);
    deadline.unref();
    void (async () => {
      let code = 0;
      const step = async (name: string, fn: () => Promise<unknown>) => {
        try {
          await fn();
        } catch (e: unknown) {
          code = 1;
          logger.error({ step: name, err: e }, 'shutdown step failed');
        }
      };
      await step('transport', () => transport.close());
      await step('nest', () => app.close());
      await step('nats', () => (nc.isClosed() ? Promise.resolve() : nc.drain()));
      await step('database', () => db.close());
      logger.info({ code }, 'service stopped');
      logger.flush(() => process.exit(code));
    })();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
