/**
 * /readyz tells the truth: a replica whose database went away leaves the load balancer. It is
 * unauthenticated, so it says which check failed with a code, never the error's own text
 * (database names, hosts, users); the details go to the log.
 */
import { freePort } from '@repowiki/db';
import { runService, waitForHttp } from '@repowiki/devstack';
import { waitFor, withDatabase } from '@repowiki/testkit';
import postgres from 'postgres';
import { expect, inject, test } from 'vitest';

test('/readyz turns 503 naming the database when PostgreSQL stops answering, while /healthz stays 200', async () => {
  const admin = postgres(inject('adminDatabaseUrl'), { max: 1, onnotice: () => {} });
  const name = `rw_ready_${inject('runId')}_${Math.random().toString(36).slice(2, 8)}`;
  await admin.unsafe(`create database "${name}"`);
  const port = await freePort();
  const svc = runService('stats-svc', {
    env: {
      NATS_URL: inject('natsUrl'),
      DATABASE_URL: withDatabase(inject('adminDatabaseUrl'), name),
      HTTP_PORT: String(port),
      LOG_LEVEL: 'warn',
    },
  });
  try {
    await waitForHttp(`http://127.0.0.1:${port}/readyz`, { timeoutMs: 30_000 });
    // Kills the service's connections and removes the database: every `select 1` now fails.
    await admin.unsafe(`drop database "${name}" with (force)`);
    const body = await waitForHttp(`http://127.0.0.1:${port}/readyz`, { status: 503, timeoutMs: 10_000 });
    const report = JSON.parse(body) as { status: string; checks: { nats: string; database: string } };
    expect(report.status).toBe('unavailable');
    expect(report.checks.nats).toBe('ok');
    expect(report.checks.database).toMatch(/^failed: [a-z_]+$/);
    expect(body).not.toContain(name);
    // The operator finds the reason in the log, once per change of state. The line is
    // written asynchronously (pino), possibly after the 503 went out: wait for it, then make
    // sure a few more checks did not log it again.
    const failedLines = () =>
      svc
        .output()
        .split('\n')
        .filter((l) => l.includes('readiness check failed'));
    await waitFor(() => failedLines().length > 0, { timeoutMs: 10_000 });
    for (let i = 0; i < 3; i++) await fetch(`http://127.0.0.1:${port}/readyz`);
    await new Promise((r) => setTimeout(r, 300));
    const logged = failedLines();
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain(name);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  } finally {
    await svc.stop('SIGTERM');
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
}, 60_000);
