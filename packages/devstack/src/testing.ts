/**
 * Boot tests shared by the six apps: each app's `main.int.test.ts` calls
 * `testServiceBoot(name, …)` so that every service is checked the same way, as a real
 * process against the test run's NATS and PostgreSQL.
 */
import { freePort } from '@repowiki/db';
import { test } from '@repowiki/testkit';
import { describe, expect } from 'vitest';
import { runService } from './service-process.js';
import { waitForHttp } from './wait-for-http.js';

export interface ServiceBootOptions {
  /** One variable of the service's own with a value it must refuse, e.g. `['UPDATE_INTERVAL', 'weekly']`. */
  invalid: readonly [name: string, value: string];
}

/** A boot with swc compiling the sources on two busy cores. @default 30_000 (30 s) */
const BOOT_TIMEOUT_MS = 30_000;
/** SIGTERM with nothing in flight must be quick. @default 5_000 (5 s) */
const STOP_WITHIN_MS = 5_000;

export function testServiceBoot(name: string, options: ServiceBootOptions): void {
  describe.concurrent(`${name} process`, () => {
    test(
      'boots, answers /healthz, /readyz and /metrics, and exits 0 soon after SIGTERM',
      async ({ natsUrl, databaseUrl }) => {
        const port = await freePort();
        const svc = runService(name, {
          env: { NATS_URL: natsUrl, DATABASE_URL: databaseUrl, HTTP_PORT: String(port), LOG_LEVEL: 'warn' },
        });
        try {
          await Promise.race([
            waitForHttp(`http://127.0.0.1:${port}/healthz`, { timeoutMs: BOOT_TIMEOUT_MS }),
            svc.exited.then((e) => {
              throw new Error(`${name} exited during boot (code ${e.code}): ${svc.output()}`);
            }),
          ]);
          const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
          expect(ready.status).toBe(200);
          // Services with a worker also report their queue consumer.
          const readiness = (await ready.json()) as { status: string; checks: Record<string, string> };
          expect(readiness).toMatchObject({ status: 'ready', checks: { nats: 'ok', database: 'ok' } });
          expect(Object.values(readiness.checks).every((c) => c === 'ok')).toBe(true);

          const metrics = await fetch(`http://127.0.0.1:${port}/metrics`);
          expect(metrics.headers.get('content-type')).toContain('text/plain');
          expect(await metrics.text()).toContain(`process_cpu_user_seconds_total{service="${name}"}`);

          const started = Date.now();
          expect(await svc.stop('SIGTERM')).toEqual({ code: 0, signal: null });
          expect(Date.now() - started).toBeLessThan(STOP_WITHIN_MS);
        } finally {
          await svc.stop('SIGKILL');
        }
      },
      BOOT_TIMEOUT_MS + 10_000,
    );

    test(
      `refuses to start with an invalid ${options.invalid[0]}, naming it`,
      async ({ natsUrl, databaseUrl }) => {
        const [variable, value] = options.invalid;
        const svc = runService(name, {
          env: {
            NATS_URL: natsUrl,
            DATABASE_URL: databaseUrl,
            HTTP_PORT: String(await freePort()),
            [variable]: value,
          },
        });
        const exit = await svc.exited;
        expect(exit.code).toBe(78);
        const lines = svc.output().trim().split('\n');
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(new RegExp(`^${name}: invalid configuration: ${variable}: .+`));
      },
      BOOT_TIMEOUT_MS,
    );
  });
}
