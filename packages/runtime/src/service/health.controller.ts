import type { ServerResponse } from 'node:http';
import type { NatsConnection } from '@nats-io/nats-core';
import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import type { DbClient } from '@repowiki/db';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { NotReadyError, type ReadinessCode } from '../errors.js';
import { isInfrastructureError } from '../worker/infrastructure-error.js';
import type { ReadinessChecks } from './readiness-checks.js';
import { DB_CLIENT, METRICS_REGISTRY, NATS_CONNECTION, READINESS_CHECKS, ROOT_LOGGER } from './tokens.js';

/** A readiness check that takes longer than this counts as failed. @default 2_000 (2 s) */
const CHECK_TIMEOUT_MS = 2_000;

type CheckResult = 'ok' | `failed: ${ReadinessCode}`;

export interface ReadinessReport {
  status: 'ready' | 'unavailable';
  /** `nats` and `database` always; registered checks (e.g. `consumer`) beside them. */
  checks: { nats: CheckResult; database: CheckResult; [name: string]: CheckResult };
}

/**
 * The HTTP side port of every service: Kubernetes probes and Prometheus scraping.
 * `/healthz` is liveness (the event loop answers); `/readyz` proves both dependencies
 * answer right now and every registered check passes (a worker whose consumer is gone is
 * not ready), so a replica cut off from NATS or PostgreSQL leaves the Service. A failed check
 * shows a code only (`failed: timeout`); why it failed is logged when a check's state changes.
 */
@Controller()
export class HealthController {
  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(DB_CLIENT) private readonly db: DbClient,
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    @Inject(READINESS_CHECKS) private readonly readiness: ReadinessChecks,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  /** Each check's last result: probes poll every few seconds, the log gets only changes. */
  private readonly last = new Map<string, CheckResult>();

  @Get('healthz')
  healthz(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('readyz')
  async readyz(@Res({ passthrough: true }) res: ServerResponse): Promise<ReadinessReport> {
    const registered = this.readiness.entries();
    const [nats, database, ...others] = await Promise.all([
      check(async () => {
        if (this.nc.isClosed() || this.nc.isDraining()) {
          throw new NotReadyError('closed', 'NATS connection closed or draining');
        }
        // A round trip proves the server answers now, not only that a socket exists.
        await this.nc.flush();
      }),
      check(async () => {
        await this.db.sql`select 1`;
      }),
      ...registered.map(([, probe]) => check(async () => probe())),
    ]);
    const outcomes: Record<string, Outcome> = { nats, database };
    registered.forEach(([name], i) => {
      outcomes[name] = others[i]!;
    });
    const checks = {} as ReadinessReport['checks'];
    for (const [name, o] of Object.entries(outcomes)) {
      checks[name] = o.result;
      this.logChange(name, o);
    }
    const ready = Object.values(checks).every((c) => c === 'ok');
    res.statusCode = ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE;
    return { status: ready ? 'ready' : 'unavailable', checks };
  }

  private logChange(name: string, o: Outcome): void {
    const before = this.last.get(name) ?? 'ok';
    this.last.set(name, o.result);
    if (o.result === before) return;
    if (o.result === 'ok') this.logger.info({ check: name }, 'readiness check passes again');
    else this.logger.warn({ check: name, code: o.result.slice(8), err: o.error }, 'readiness check failed');
  }

  @Get('metrics')
  async metrics(@Res({ passthrough: true }) res: ServerResponse): Promise<string> {
    res.setHeader('Content-Type', this.registry.contentType);
    return this.registry.metrics();
  }
}

interface Outcome {
  result: CheckResult;
  /** What failed, for the log only. */
  error?: unknown;
}

async function check(probe: () => Promise<void>): Promise<Outcome> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new NotReadyError('timeout', `no answer within ${CHECK_TIMEOUT_MS} ms`)),
          CHECK_TIMEOUT_MS,
        );
      }),
    ]);
    return { result: 'ok' };
  } catch (e: unknown) {
    return { result: `failed: ${codeOf(e)}`, error: e };
  } finally {
    clearTimeout(timer);
  }
}

function codeOf(e: unknown): ReadinessCode {
  if (e instanceof NotReadyError) return e.code;
  return isInfrastructureError(e) ? 'unreachable' : 'error';
}
