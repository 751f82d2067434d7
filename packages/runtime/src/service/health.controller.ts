import type { ServerResponse } from 'node:http';
import type { NatsConnection } from '@nats-io/nats-core';
import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import type { DbClient } from '@repowiki/db';
import type { Registry } from 'prom-client';
import type { ReadinessChecks } from './readiness-checks.js';
import { DB_CLIENT, METRICS_REGISTRY, NATS_CONNECTION, READINESS_CHECKS } from './tokens.js';

/** A readiness check that takes longer than this counts as failed. @default 2_000 (2 s) */
const CHECK_TIMEOUT_MS = 2_000;

type CheckResult = 'ok' | `failed: ${string}`;

export interface ReadinessReport {
  status: 'ready' | 'unavailable';
  /** `nats` and `database` always; registered checks (e.g. `consumer`) beside them. */
  checks: { nats: CheckResult; database: CheckResult; [name: string]: CheckResult };
}

/**
 * The HTTP side port of every service: Kubernetes probes and Prometheus scraping.
 * `/healthz` is liveness (the event loop answers); `/readyz` proves both dependencies
 * answer right now and every registered check passes (a worker whose consumer is gone is
 * not ready), so a replica cut off from NATS or PostgreSQL leaves the Service.
 */
@Controller()
export class HealthController {
  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(DB_CLIENT) private readonly db: DbClient,
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    @Inject(READINESS_CHECKS) private readonly readiness: ReadinessChecks,
  ) {}

  @Get('healthz')
  healthz(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('readyz')
  async readyz(@Res({ passthrough: true }) res: ServerResponse): Promise<ReadinessReport> {
    const registered = this.readiness.entries();
    const [nats, database, ...others] = await Promise.all([
      check(async () => {
        if (this.nc.isClosed() || this.nc.isDraining()) throw new Error('connection closed');
        // A round trip proves the server answers now, not only that a socket exists.
        await this.nc.flush();
      }),
      check(async () => {
        await this.db.sql`select 1`;
      }),
      ...registered.map(([, probe]) => check(async () => probe())),
    ]);
    const checks: ReadinessReport['checks'] = { nats, database };
    registered.forEach(([name], i) => {
      checks[name] = others[i]!;
    });
    const ready = Object.values(checks).every((c) => c === 'ok');
    res.statusCode = ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE;
    return { status: ready ? 'ready' : 'unavailable', checks };
  }

  @Get('metrics')
  async metrics(@Res({ passthrough: true }) res: ServerResponse): Promise<string> {
    res.setHeader('Content-Type', this.registry.contentType);
    return this.registry.metrics();
  }
}

async function check(probe: () => Promise<void>): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)),
          CHECK_TIMEOUT_MS,
        );
      }),
    ]);
    return 'ok';
  } catch (e: unknown) {
    return `failed: ${e instanceof Error ? e.message : String(e)}`;
  } finally {
    clearTimeout(timer);
  }
}
