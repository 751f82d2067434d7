import type { NatsConnection } from '@nats-io/nats-core';
import {
  type DynamicModule,
  type INestApplication,
  type INestApplicationContext,
  Module,
  type Type,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Queue } from '@repowiki/contracts';
import { createDbClient, type DbClient } from '@repowiki/db';
import { Logger as NestPinoLogger } from 'nestjs-pino';
import type { Logger } from 'pino';
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { QueueHandlers } from '../context.js';
import type { DomainEventHandlers } from '../events/domain-event-handlers.js';
import { redactNatsUrls } from '../nats/nats-settings.js';
import { JetStreamTransport } from '../transport/jetstream.transport.js';
import type { RuntimeHandler } from '../worker/worker-deps.js';
import type { BaseEnv, ServiceEnvSchema } from './env.schema.js';
import { envSchemaNames, findEnvTypos } from './env-typos.js';
import { IdleHeapTrim } from './idle-heap-trim.js';
import { resolveLogFormat } from './log-format.js';
import { logNatsErrors } from './log-nats-errors.js';
import { connectNatsFromEnv } from './nats-connect.js';
import { ConfigError, EXIT_CONFIG, parseEnv } from './parse-env.js';
import { PlatformModule } from './platform.module.js';
import { ReadinessChecks } from './readiness-checks.js';
import { createRootLogger, redactUrl } from './root-logger.js';
import { installShutdown } from './shutdown.js';

export interface ServiceCommandContext<Env extends BaseEnv> {
  env: Env;
  logger: Logger;
  /** Arguments after the command name. */
  args: readonly string[];
}

/** What a handler factory gets: the parsed env, and the Nest app for providers (`app.get(X)`). */
export interface HandlerDeps<Env extends BaseEnv> {
  readonly env: Env;
  readonly app: INestApplicationContext;
}

/** A value, or a factory of it called once at start-up, after Nest has built its providers. */
export type ProvidedBy<T, Env extends BaseEnv> = T | ((deps: HandlerDeps<Env>) => T);

interface ServiceBase<Env extends BaseEnv> {
  /** e.g. `warehouse-svc`: logs, metrics label, NATS connection and micro-service name. */
  name: string;
  version: string;
  envSchema: ServiceEnvSchema<Env>;
  /**
   * The app's root Nest module (providers, controllers of its own HTTP routes), or a factory
   * of it when wiring needs the parsed env. Omitted when the platform's (health, metrics,
   * the connections as providers) is all the service needs.
   */
  module?: Type<unknown> | ((env: Env) => Type<unknown> | DynamicModule);
  /** Domain events this service reacts to (`{ 'events.warehouse.completed': onCompleted }`). */
  events?: ProvidedBy<DomainEventHandlers, Env>;
  /**
   * One-shot commands chosen by the first CLI argument (`migration-svc migrate`): run
   * instead of the server, exit 0 on success and 1 on failure. Nothing else is connected.
   */
  commands?: Record<string, (ctx: ServiceCommandContext<Env>) => Promise<void>>;
  /** Registers the service's own metrics on the shared registry. */
  registerMetrics?: (registry: Registry) => void;
}

/**
 * A service that consumes a queue names it and hands over the queue's handler map (its
 * `defineHandlers(queue, …)`), typed over the queue's slice of the catalog: a task of the
 * queue without a handler does not compile. The TaskWorker calls these functions directly.
 * A factory form (`({ env, app }) => handlers`) builds them from the env or from Nest
 * providers (`app.get(SomeService)`).
 */
export interface QueueConsumer<Env extends BaseEnv, Q extends Queue> {
  queue: Q;
  handlers: ProvidedBy<QueueHandlers<Q>, Env>;
}

/** A service without a queue (scheduler, console): the transport registers it with the NATS micro API only. */
export interface NoQueue {
  queue?: undefined;
  handlers?: undefined;
}

export type ServiceDefinition<Env extends BaseEnv, Q extends Queue = Queue> = ServiceBase<Env> &
  (QueueConsumer<Env, Q> | NoQueue);

export interface RunningService<Env extends BaseEnv> {
  readonly env: Env;
  readonly app: INestApplication;
  readonly logger: Logger;
  readonly nc: NatsConnection;
  readonly db: DbClient;
  readonly registry: Registry;
}

/**
 * The whole life of a service process: env → NATS → PostgreSQL → Nest (DI, HTTP side port)
 * → JetStream transport (the worker runs the app's handlers directly) → run → drain on
 * SIGTERM/SIGINT → exit 0. Every app's main.ts is one call to this. A bad env value exits 78 (EX_CONFIG) with one line naming it, before
 * anything is connected; an unreachable dependency at boot exits 1.
 */
export async function bootstrapService<Env extends BaseEnv, Q extends Queue = Queue>(
  def: ServiceDefinition<Env, Q>,
): Promise<RunningService<Env>> {
  let env: Env;
  try {
    env = parseEnv(def.envSchema);
  } catch (e: unknown) {
    if (!(e instanceof ConfigError)) throw e;
    process.stderr.write(`${def.name}: ${e.message}\n`);
    process.exit(EXIT_CONFIG);
  }
  const logger = createRootLogger({
    service: def.name,
    version: def.version,
    level: env.LOG_LEVEL,
    format: resolveLogFormat(env.LOG_FORMAT, {
      production: env.NODE_ENV === 'production',
      isTTY: process.stdout.isTTY === true,
    }),
  });

  for (const { variable, didYouMean } of findEnvTypos(process.env, envSchemaNames(def.envSchema))) {
    logger.warn(
      { variable, didYouMean },
      `${variable} is not a variable ${def.name} reads: did you mean ${didYouMean}?`,
    );
  }

  const [command, ...args] = process.argv.slice(2);
  if (command !== undefined) {
    const run = def.commands?.[command];
    if (!run) return fail(logger, 'unknown command', { command, commands: Object.keys(def.commands ?? {}) });
    try {
      await run({ env, logger, args });
    } catch (e: unknown) {
      return fail(logger, 'command failed', { command, err: e });
    }
    logger.info({ command }, 'command finished');
    return exitAfterFlush(logger, 0);
  }

  const registry = new Registry();
  registry.setDefaultLabels({ service: def.name });
  collectDefaultMetrics({ register: registry });
  def.registerMetrics?.(registry);

  let nc: NatsConnection;
  try {
    nc = await connectNatsFromEnv(env, def.name);
  } catch (e: unknown) {
    return fail(logger, 'cannot connect to NATS (check NATS_URL and credentials)', {
      servers: redactNatsUrls(env.NATS_URL),
      err: e,
    });
  }
  logNatsErrors(nc, logger);
  const db = createDbClient(env.DATABASE_URL, { applicationName: def.name });
  try {
    await db.sql`select 1`;
  } catch (e: unknown) {
    await nc.close();
    await db.close().catch(() => {});
    return fail(logger, 'cannot reach PostgreSQL (check DATABASE_URL)', {
      database: redactUrl(env.DATABASE_URL),
      err: e,
    });
  }

  const info = { name: def.name, version: def.version, queue: def.queue };
  const readiness = new ReadinessChecks();
  const appModule =
    def.module === undefined ? [] : [isModuleClass(def.module) ? def.module : def.module(env)];
  @Module({
    imports: [PlatformModule.forRoot({ info, env, nc, db, logger, registry, readiness }), ...appModule],
  })
  class ServiceRootModule {}

  let app: INestApplication | undefined;
  let transport: JetStreamTransport | undefined;
  try {
    app = await NestFactory.create(ServiceRootModule, {
      bufferLogs: true,
      // Keep-alive sockets would otherwise hold `server.close()` open for minutes.
      forceCloseConnections: true,
      abortOnError: false,
    });
    app.useLogger(app.get(NestPinoLogger));
    const deps: HandlerDeps<Env> = { env, app };
    transport = new JetStreamTransport({
      serviceName: def.name,
      version: def.version,
      ...(def.queue ? { queue: def.queue, handlers: provided(def.handlers, deps) as RuntimeHandlers } : {}),
      ...(def.events ? { events: provided(def.events, deps) } : {}),
      nc,
      db,
      logger,
      metrics: registry,
      concurrency: env.WORKER_CONCURRENCY,
      ackWaitMs: env.TASK_ACK_WAIT_MS,
      maxPerUser: env.TASK_MAX_SIZE_PER_USER,
      softTimeLimitMs: env.TASK_SOFT_TIME_LIMIT * 1000,
      hardTimeLimitMs: env.TASK_TIME_LIMIT * 1000,
      shutdownGraceMs: env.SHUTDOWN_GRACE_MS,
      namespace: env.NATS_NAMESPACE,
      readiness,
    });
    await transport.start();
    await app.listen(env.HTTP_PORT, env.HTTP_HOST);
  } catch (e: unknown) {
    logger.fatal({ err: e, port: env.HTTP_PORT }, 'service failed to start');
    await transport?.close().catch(() => {});
    await app?.close().catch(() => {});
    await nc.close().catch(() => {});
    await db.close().catch(() => {});
    return exitAfterFlush(logger, 1);
  }

  // The boot-time heap (and later, a burst's) is given back once the service idles.
  const tasks = transport;
  const heapTrim = env.IDLE_HEAP_TRIM
    ? new IdleHeapTrim({ logger, activity: () => tasks.activity() })
    : undefined;
  heapTrim?.start();
  installShutdown({ app, transport, heapTrim, nc, db, logger, graceMs: env.SHUTDOWN_GRACE_MS });
  logger.info(
    {
      port: env.HTTP_PORT,
      queue: def.queue ?? null,
      nats: redactNatsUrls(env.NATS_URL),
      database: redactUrl(env.DATABASE_URL),
    },
    'service started',
  );
  return { env, app, logger, nc, db, registry };
}

/** The worker's view of a handler map: subject → plain, batch or thread handler. */
type RuntimeHandlers = Readonly<Record<string, RuntimeHandler>>;

function provided<T, Env extends BaseEnv>(
  value: ProvidedBy<T, Env> | undefined,
  deps: HandlerDeps<Env>,
): T | undefined {
  return typeof value === 'function' ? (value as (d: HandlerDeps<Env>) => T)(deps) : value;
}

function isModuleClass<Env>(m: Type<unknown> | ((env: Env) => unknown)): m is Type<unknown> {
  // Nest modules are classes; factories are plain (arrow) functions without a prototype.
  return typeof m === 'function' && m.prototype !== undefined && Reflect.getMetadataKeys(m).length > 0;
}

async function fail(logger: Logger, msg: string, fields: object): Promise<never> {
  logger.fatal(fields, msg);
  return exitAfterFlush(logger, 1);
}

/** pino writes asynchronously: MUST flush before exiting, or the last lines are lost. */
export function exitAfterFlush(logger: Logger, code: number): Promise<never> {
  return new Promise<never>(() => {
    logger.flush(() => process.exit(code));
  });
}
