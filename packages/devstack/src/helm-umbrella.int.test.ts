/**
 * The umbrella chart `repowiki-tasks`: one install of the six services and the console, NATS, database,
 * image and monitoring settings given once under `global`, a service switched off or tuned
 * under its name; the PrometheusRule and the Grafana dashboard it ships.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { UMBRELLA_CHART } from './helm-schema/schema-files.js';
import { type HelmWorkspace, type Manifest, openHelmWorkspace } from './helm-workspace.js';
import { REPO_ROOT, SERVICES } from './services.js';

let ws: HelmWorkspace;
beforeAll(() => {
  ws = openHelmWorkspace('helm-umbrella');
}, 120_000);
afterAll(() => ws?.close());

const production = parse(
  readFileSync(join(REPO_ROOT, 'infra', 'helm', UMBRELLA_CHART, 'values-production.yaml'), 'utf8'),
) as object;

const deployments = (ms: Manifest[]) => ms.filter((m) => m.kind === 'Deployment');
const envOf = (d: Manifest) =>
  Object.fromEntries(
    d.spec.template.spec.containers[0].env.map((e: { name: string; value?: string; valueFrom?: unknown }) => [
      e.name,
      e.value ?? e.valueFrom,
    ]),
  );

describe('umbrella chart repowiki-tasks', () => {
  it('installs the six services and the console, each as its own NATS user, with one migration Job', () => {
    const ms = ws.render(UMBRELLA_CHART);
    expect(
      deployments(ms)
        .map((d) => d.metadata.name)
        .sort(),
    ).toEqual(SERVICES.map((s) => `rel-${s.name}`).sort());
    for (const d of deployments(ms)) {
      const name = d.metadata.name.replace(/^rel-/, '');
      expect(envOf(d)).toMatchObject({
        NATS_URL: 'nats://nats:4222',
        NATS_USER: name,
        NATS_PASSWORD: { secretKeyRef: { name: `repowiki-nats-${name}`, key: 'password' } },
        DATABASE_URL: { secretKeyRef: { name: 'repowiki-database', key: 'url' } },
      });
    }
    expect(ms.filter((m) => m.kind === 'Job').map((m) => m.metadata.name)).toEqual([
      'rel-migration-svc-migrate',
    ]);
    // Monitoring objects need the Prometheus Operator: off until asked for.
    expect(ms.some((m) => m.kind === 'ServiceMonitor' || m.kind === 'PrometheusRule')).toBe(false);
  });

  it('applies global values to every service once, and a service block only to that service', () => {
    const ms = ws.render(UMBRELLA_CHART, {
      values: [
        {
          global: {
            image: { repositoryPrefix: 'registry.example.com/rw', tag: '1.2.3' },
            nats: { url: 'nats://n0:4222,nats://n1:4222', tls: { enabled: false }, streams: { replicas: 3 } },
            database: { secretName: 'pg-app' },
          },
          'scheduler-svc': { replicaCount: 3 },
          'minimap-svc': { enabled: false },
        },
      ],
    });
    const ds = deployments(ms);
    expect(ds).toHaveLength(6);
    for (const d of ds) {
      const name = d.metadata.name.replace(/^rel-/, '');
      expect(d.spec.template.spec.containers[0].image).toBe(`registry.example.com/rw/${name}:1.2.3`);
      const env = envOf(d);
      expect(env).toMatchObject({
        NATS_URL: 'nats://n0:4222,nats://n1:4222',
        NATS_STREAM_REPLICAS: '3',
        DATABASE_URL: { secretKeyRef: { name: 'pg-app', key: 'url' } },
      });
      // tls.enabled: false under global turns TLS off everywhere (a false is a value, not "unset").
      expect(env.NATS_TLS).toBeUndefined();
      expect(d.spec.replicas).toBe(name === 'scheduler-svc' ? 3 : name === 'console' ? 2 : 1);
    }
  });

  it('renders the production example: R3 streams, KEDA on warehouse lag, HPA for stats, monitoring on', () => {
    const ms = ws.render(UMBRELLA_CHART, { values: [production] });
    expect(ms.filter((m) => m.kind === 'ServiceMonitor')).toHaveLength(7);
    expect(ms.find((m) => m.kind === 'ScaledObject')?.metadata.name).toBe('rel-warehouse-svc');
    expect(ms.find((m) => m.kind === 'HorizontalPodAutoscaler')?.metadata.name).toBe('rel-stats-svc');
    const warehouse = deployments(ms).find((d) => d.metadata.name === 'rel-warehouse-svc')!;
    expect(envOf(warehouse)).toMatchObject({
      NATS_STREAM_REPLICAS: '3',
      GIT_CREDENTIALS_FILE: '/etc/repowiki/git/credentials',
    });
    expect(warehouse.spec.template.spec.imagePullSecrets).toEqual([{ name: 'regcred' }]);
    expect(ms.find((m) => m.kind === 'PrometheusRule')?.metadata.labels).toMatchObject({
      release: 'kube-prometheus-stack',
    });
  });

  it('installs the console with its tokens from a Secret and its Ingress in the production example, or not at all', () => {
    const consoleOf = (ms: Manifest[]) => deployments(ms).find((d) => d.metadata.name === 'rel-console');
    const defaults = ws.render(UMBRELLA_CHART);
    expect(envOf(consoleOf(defaults)!)).toMatchObject({
      NODE_ENV: 'production',
      HTTP_PORT: '3107',
      CONSOLE_TOKEN: { secretKeyRef: { name: 'repowiki-console', key: 'token' } },
    });
    expect(envOf(consoleOf(defaults)!).CONSOLE_VIEWER_TOKEN).toBeUndefined();
    expect(defaults.some((m) => m.kind === 'Ingress')).toBe(false);

    const ms = ws.render(UMBRELLA_CHART, { values: [production] });
    const d = consoleOf(ms)!;
    expect(d.spec.template.spec.containers[0].image).toBe('registry.example.com/repowiki/console:0.1.0');
    expect(d.spec.template.spec.imagePullSecrets).toEqual([{ name: 'regcred' }]);
    expect(envOf(d)).toMatchObject({
      NATS_USER: 'console',
      NATS_STREAM_REPLICAS: '3',
      CONSOLE_VIEWER_TOKEN: { secretKeyRef: { name: 'repowiki-console', key: 'viewer-token' } },
    });
    const ingress = ms.filter((m) => m.kind === 'Ingress');
    expect(ingress).toHaveLength(1);
    expect(ingress[0]!.spec).toMatchObject({
      ingressClassName: 'nginx',
      tls: [{ hosts: ['console.repowiki.example.com'], secretName: 'repowiki-console-tls' }],
      rules: [
        {
          host: 'console.repowiki.example.com',
          http: {
            paths: [{ path: '/', backend: { service: { name: 'rel-console', port: { name: 'http' } } } }],
          },
        },
      ],
    });
    // Prometheus scrapes /metrics on the console's one port: the example lets its namespace in.
    const policy = ms.find((m) => m.kind === 'NetworkPolicy' && m.metadata.name === 'rel-console')!;
    expect(policy.spec.ingress[0].from).toHaveLength(2);

    const without = ws.render(UMBRELLA_CHART, { values: [production, { console: { enabled: false } }] });
    expect(without.some((m) => m.metadata.name.startsWith('rel-console'))).toBe(false);
    expect(deployments(without)).toHaveLength(6);
  });

  it('ships the Grafana dashboard JSON in a ConfigMap the Grafana sidecar picks up', () => {
    const ms = ws.render(UMBRELLA_CHART, { sets: ['grafanaDashboard.enabled=true'] });
    const cm = ms.find((m) => m.kind === 'ConfigMap');
    expect(cm?.metadata.labels).toMatchObject({ grafana_dashboard: '1' });
    const dashboard = JSON.parse(cm?.data['repowiki-tasks.json']) as { uid: string; panels: unknown[] };
    expect(dashboard.uid).toBe('repowiki-tasks');
    expect(dashboard.panels.length).toBeGreaterThan(5);
  });

  it('alerts on no worker only for the services it installs', () => {
    const ms = ws.render(UMBRELLA_CHART, {
      sets: ['prometheusRule.enabled=true', 'minimap-svc.enabled=false'],
    });
    const rules = ms
      .find((m) => m.kind === 'PrometheusRule')
      ?.spec.groups.flatMap((g: { rules: { alert: string; labels: { queue?: string } }[] }) => g.rules);
    const noWorker = rules.filter((r: { alert: string }) => r.alert === 'RepowikiNoWorker');
    expect(noWorker.map((r: { labels: { queue?: string } }) => r.labels.queue).sort()).toEqual([
      'accesslog',
      'migration',
      'statistics',
      'warehouse',
    ]);
    expect(new Set(rules.map((r: { alert: string }) => r.alert))).toEqual(
      new Set([
        'RepowikiDeadLettersGrowing',
        'RepowikiConsumerLagHigh',
        'RepowikiTaskFailureRate',
        'RepowikiQueueStatsStale',
        'RepowikiNoWorker',
        'RepowikiSchedulerNotFiring',
      ]),
    );
  });
});
