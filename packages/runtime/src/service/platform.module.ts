import type { IncomingMessage } from 'node:http';
import type { NatsConnection } from '@nats-io/nats-core';
import { type DynamicModule, Module } from '@nestjs/common';
import type { DbClient } from '@repowiki/db';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { HealthController } from './health.controller.js';
import { serializeLogError } from './log-error-serializer.js';
import { ReadinessChecks } from './readiness-checks.js';
import {
  DB_CLIENT,
  METRICS_REGISTRY,
  NATS_CONNECTION,
  READINESS_CHECKS,
  ROOT_LOGGER,
  SERVICE_ENV,
  SERVICE_INFO,
} from './tokens.js';

export interface ServiceInfo {
  readonly name: string;
  readonly version: string;
  readonly queue: string | undefined;
}

export interface PlatformParts {
  info: ServiceInfo;
  env: object;
  nc: NatsConnection;
  db: DbClient;
  logger: Logger;
  registry: Registry;
  /** Checks `/readyz` runs beside NATS and PostgreSQL; the transport registers its worker's. */
  readiness?: ReadinessChecks;
}

/** Probe and scrape paths: polled every few seconds, so a log line per call is noise. */
const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * Global module with what every service shares: the connections opened at boot, the
 * logger (nestjs-pino over the one pino root) and the health/metrics endpoints.
 */
@Module({})
// biome-ignore lint/complexity/noStaticOnlyClass: a Nest dynamic module is a class with a static forRoot
export class PlatformModule {
  static forRoot(parts: PlatformParts): DynamicModule {
    const providers = [
      { provide: NATS_CONNECTION, useValue: parts.nc },
      { provide: DB_CLIENT, useValue: parts.db },
      { provide: ROOT_LOGGER, useValue: parts.logger },
      { provide: METRICS_REGISTRY, useValue: parts.registry },
      { provide: SERVICE_ENV, useValue: parts.env },
      { provide: SERVICE_INFO, useValue: parts.info },
      { provide: READINESS_CHECKS, useValue: parts.readiness ?? new ReadinessChecks() },
    ];
    return {
      module: PlatformModule,
      global: true,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            logger: parts.logger,
            // pino-http would put pino's standard error serializer back on its child.
            serializers: { err: serializeLogError },
            autoLogging: {
              ignore: (req: IncomingMessage) => QUIET_PATHS.has((req.url ?? '').split('?')[0] ?? ''),
            },
          },
        }),
      ],
      controllers: [HealthController],
      providers,
      exports: providers.map((p) => p.provide),
    };
  }
}
