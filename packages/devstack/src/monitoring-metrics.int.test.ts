/**
 * The alerts (PrometheusRule) and the Grafana dashboard shipped with the umbrella chart only
 * help if the services export what they query: every `repowiki_*` metric named in a rule or a
 * panel must be on the /metrics of running services (a queue worker and the beat).
 */
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { freePort } from '@repowiki/db';
import { Topology } from '@repowiki/runtime';
import { test, uniqueName, waitFor } from '@repowiki/testkit';
import { afterAll, beforeAll, expect } from 'vitest';
import { UMBRELLA_CHART } from './helm-schema/schema-files.js';
import { type HelmWorkspace, openHelmWorkspace } from './helm-workspace.js';
import { runService, type ServiceProcess } from './service-process.js';

let ws: HelmWorkspace;
beforeAll(() => {
  ws = openHelmWorkspace('helm-monitoring');
}, 120_000);
afterAll(() => ws?.close());

/** Every repowiki_* name in the rendered rule and dashboard. */
function referencedMetrics(): { names: Set<string>; fromRule: number; fromDashboard: number } {
  const ms = ws.render(UMBRELLA_CHART, {
    sets: ['prometheusRule.enabled=true', 'grafanaDashboard.enabled=true'],
  });
  const rule = ms.find((m) => m.kind === 'PrometheusRule');
  const dashboard = ms.find((m) => m.kind === 'ConfigMap')?.data['repowiki-tasks.json'] as string;
  const exprs = (rule?.spec.groups ?? []).flatMap((g: { rules: { expr: string }[] }) =>
    g.rules.map((r) => r.expr),
  );
  const panelExprs = (JSON.parse(dashboard) as { panels: { targets: { expr: string }[] }[] }).panels.flatMap(
    (p) => p.targets.map((t) => t.expr),
  );
  const names = (texts: string[]) => new Set(texts.flatMap((t) => t.match(/\brepowiki_[a-z0-9_]+/g) ?? []));
  const fromRule = names(exprs);
  const fromDashboard = names(panelExprs);
  return {
    names: new Set([...fromRule, ...fromDashboard]),
    fromRule: fromRule.size,
    fromDashboard: fromDashboard.size,
  };
}

/** `# TYPE` names on a /metrics page; a histogram's series are `<name>_bucket|_sum|_count`. */
function exported(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    out.add(m[1]!);
    if (m[2] === 'histogram') for (const s of ['_bucket', '_sum', '_count']) out.add(m[1]! + s);
  }
  return out;
}

const running: ServiceProcess[] = [];
afterAll(async () => {
  await Promise.all(running.map((s) => s.stop('SIGKILL')));
});

test("every metric the PrometheusRule and the dashboard reference is on a running service's /metrics", async ({
  natsUrl,
  databaseUrl,
}) => {
  const { names, fromRule, fromDashboard } = referencedMetrics();
  expect(fromRule).toBeGreaterThanOrEqual(5);
  expect(fromDashboard).toBeGreaterThanOrEqual(10);
  const namespace = uniqueName('mon');
  const ports: Record<string, number> = {};
  for (const name of ['stats-svc', 'scheduler-svc']) {
    ports[name] = await freePort();
    running.push(
      runService(name, {
        env: {
          NATS_URL: natsUrl,
          NATS_NAMESPACE: namespace,
          DATABASE_URL: databaseUrl,
          HTTP_PORT: String(ports[name]),
          LOG_LEVEL: 'warn',
        },
      }),
    );
  }
  try {
    const pages = await Promise.all(
      Object.entries(ports).map(async ([name, port]) =>
        // Until the worker's first look at JetStream answered, its lag has no sample.
        waitFor(
          async () => {
            const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
            const ready =
              name === 'stats-svc'
                ? /^repowiki_queue_lag\{[^}]*queue="statistics"/m
                : /^repowiki_schedule_next_fire_timestamp_seconds\{/m;
            return ready.test(text) ? text : undefined;
          },
          { timeoutMs: 60_000, intervalMs: 500 },
        ),
      ),
    );
    const available = new Set(pages.flatMap((p) => [...exported(p)]));
    expect([...names].filter((n) => !available.has(n))).toEqual([]);
    // The numbers are real: an idle queue has no lag, the beat's next fire is ahead.
    expect(pages[0]).toMatch(/^repowiki_queue_lag\{[^}]*\} 0$/m);
    const next = Number(
      pages[1]!.match(/^repowiki_schedule_next_fire_timestamp_seconds\{[^}]*\} (\S+)$/m)?.[1],
    );
    expect(next).toBeGreaterThan(Date.now() / 1000 - 5);
  } finally {
    await Promise.all(running.map((s) => s.stop('SIGTERM')));
    const nc = await connect({ servers: natsUrl, noAsyncTraces: true });
    const jsm = await jetstreamManager(nc);
    for (const s of new Topology(namespace, {}).streams())
      await jsm.streams.delete(s.name).catch(() => false);
    await nc.close();
  }
}, 120_000);
