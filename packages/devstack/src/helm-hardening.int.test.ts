/**
 * What Pod Security "restricted" and a production cluster ask of every chart: seccomp
 * RuntimeDefault, a ServiceAccount without a token, a PodDisruptionBudget, spread replicas,
 * a NetworkPolicy, image pull secrets; and autoscaling on queue lag (KEDA) or CPU (HPA), the
 * console on CPU only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HelmWorkspace, type Manifest, openHelmWorkspace } from './helm-workspace.js';
import { SERVICES } from './services.js';

let ws: HelmWorkspace;
beforeAll(() => {
  ws = openHelmWorkspace('helm-hardening');
}, 120_000);
afterAll(() => ws?.close());

const one = (ms: Manifest[], kind: string) => {
  const found = ms.filter((m) => m.kind === kind);
  expect(found, kind).toHaveLength(1);
  return found[0]!;
};

describe.each(SERVICES)('chart $name', ({ name, httpPort }) => {
  it('runs under Pod Security "restricted": non-root, no escalation, no capabilities, seccomp RuntimeDefault', () => {
    const ms = ws.render(name);
    for (const workload of ms.filter((m) => m.kind === 'Deployment' || m.kind === 'Job')) {
      const pod = workload.spec.template.spec;
      expect(pod.securityContext).toMatchObject({
        runAsNonRoot: true,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      for (const c of pod.containers) {
        expect(c.securityContext).toMatchObject({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ['ALL'] },
          seccompProfile: { type: 'RuntimeDefault' },
        });
      }
      expect(pod.automountServiceAccountToken).toBe(false);
      // The migration hook runs before the release's ServiceAccount exists (first install).
      expect(pod.serviceAccountName).toBe(workload.kind === 'Job' ? 'default' : `rel-${name}`);
    }
    expect(one(ms, 'ServiceAccount')).toMatchObject({
      metadata: { name: `rel-${name}` },
      automountServiceAccountToken: false,
    });
  });

  it('has a PodDisruptionBudget, spreads replicas over zones and nodes, and lets only its port in', () => {
    const ms = ws.render(name);
    const selector = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': 'rel' };
    expect(one(ms, 'PodDisruptionBudget').spec).toEqual({
      maxUnavailable: 1,
      selector: { matchLabels: selector },
    });
    const spread = one(ms, 'Deployment').spec.template.spec.topologySpreadConstraints;
    expect(spread.map((c: { topologyKey: string }) => c.topologyKey)).toEqual([
      'topology.kubernetes.io/zone',
      'kubernetes.io/hostname',
    ]);
    expect(spread[0]).toMatchObject({
      whenUnsatisfiable: 'ScheduleAnyway',
      labelSelector: { matchLabels: selector },
    });
    const policy = one(ms, 'NetworkPolicy').spec;
    expect(policy.policyTypes).toEqual(['Ingress', 'Egress']);
    // The console's port is its UI: only the ingress controller may reach it by default.
    expect(policy.ingress).toEqual([
      {
        ports: [{ protocol: 'TCP', port: httpPort }],
        ...(name === 'console'
          ? {
              from: [
                { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } },
              ],
            }
          : {}),
      },
    ]);
    const egressPorts = policy.egress.map((r: { ports: { port: number }[] }) => r.ports.map((p) => p.port));
    expect(egressPorts.slice(0, 3)).toEqual([[53, 53], [4222], [5432]]);
  });

  it('runs under a ServiceAccount made beforehand, the migration Job included, when asked', () => {
    const ms = ws.render(name, {
      sets: ['serviceAccount.create=false', 'serviceAccount.name=repowiki-irsa'],
    });
    expect(ms.some((m) => m.kind === 'ServiceAccount')).toBe(false);
    for (const workload of ms.filter((m) => m.kind === 'Deployment' || m.kind === 'Job')) {
      expect(workload.spec.template.spec.serviceAccountName, workload.kind).toBe('repowiki-irsa');
    }
  });

  it('pulls from a private registry with imagePullSecrets, an image prefix and a digest', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    const ms = ws.render(name, {
      sets: [
        'imagePullSecrets[0].name=regcred',
        'image.repositoryPrefix=registry.example.com/rw',
        `image.digest=${digest}`,
      ],
    });
    const pod = one(ms, 'Deployment').spec.template.spec;
    expect(pod.imagePullSecrets).toEqual([{ name: 'regcred' }]);
    expect(pod.containers[0].image).toBe(`registry.example.com/rw/${name}@${digest}`);
    expect(one(ms, 'ServiceAccount').imagePullSecrets).toEqual([{ name: 'regcred' }]);
  });

  it('passes nats.streams on as NATS_STREAM_* variables, and none while they are null', () => {
    const env = (ms: Manifest[]) =>
      Object.fromEntries(
        one(ms, 'Deployment').spec.template.spec.containers[0].env.map(
          (e: { name: string; value?: string }) => [e.name, e.value],
        ),
      );
    expect(Object.keys(env(ws.render(name))).filter((k) => /STREAM|MAX_AGE|MAX_BYTES/.test(k))).toEqual([]);
    expect(
      env(
        ws.render(name, {
          values: [
            {
              nats: {
                streams: { replicas: 3, storage: 'file', dlqMaxAgeMs: 2_592_000_000, eventsMaxBytes: 5e9 },
              },
            },
          ],
        }),
      ),
    ).toMatchObject({
      NATS_STREAM_REPLICAS: '3',
      NATS_STREAM_STORAGE: 'file',
      NATS_DLQ_MAX_AGE_MS: '2592000000',
      NATS_EVENTS_MAX_BYTES: '5000000000',
    });
  });
});

const QUEUE_CHARTS = [
  ['warehouse-svc', 'TASKS_WAREHOUSE', 'warehouse-worker'],
  ['stats-svc', 'TASKS_STATISTICS', 'statistics-worker'],
  ['accesslog-svc', 'TASKS_ACCESSLOG', 'accesslog-worker'],
  ['minimap-svc', 'TASKS_MINIMAP', 'minimap-worker'],
] as const;

describe.each(QUEUE_CHARTS)('%s autoscaling', (chart, stream, consumer) => {
  it('is off by default: a fixed replica count, no HPA, no ScaledObject', () => {
    const ms = ws.render(chart);
    expect(one(ms, 'Deployment').spec.replicas).toBe(1);
    expect(ms.some((m) => m.kind === 'HorizontalPodAutoscaler' || m.kind === 'ScaledObject')).toBe(false);
  });

  it('scales on the consumer lag of its queue with KEDA (namespaced stream), with a fallback', () => {
    const ms = ws.render(chart, {
      values: [
        {
          nats: { namespace: 'stag-ing' },
          autoscaling: {
            enabled: true,
            minReplicas: 2,
            maxReplicas: 9,
            keda: { enabled: true, monitoringEndpoint: 'nats-mon:8222' },
          },
        },
      ],
    });
    expect(one(ms, 'Deployment').spec.replicas).toBeUndefined();
    expect(ms.some((m) => m.kind === 'HorizontalPodAutoscaler')).toBe(false);
    const so = one(ms, 'ScaledObject');
    expect(so.apiVersion).toBe('keda.sh/v1alpha1');
    expect(so.spec).toMatchObject({
      scaleTargetRef: { name: `rel-${chart}` },
      minReplicaCount: 2,
      maxReplicaCount: 9,
      fallback: { failureThreshold: 3, replicas: 2 },
    });
    expect(so.spec.triggers).toEqual([
      {
        type: 'nats-jetstream',
        metadata: {
          natsServerMonitoringEndpoint: 'nats-mon:8222',
          account: 'REPOWIKI',
          stream: `STAG_ING_${stream}`,
          consumer,
          lagThreshold: '20',
          activationLagThreshold: '0',
          useHttps: 'false',
        },
      },
    ]);
  });

  it('falls back to a CPU HPA without KEDA, and refuses KEDA without a monitoring endpoint or max < min', () => {
    const hpa = one(ws.render(chart, { sets: ['autoscaling.enabled=true'] }), 'HorizontalPodAutoscaler');
    expect(hpa.spec).toMatchObject({
      minReplicas: 1,
      maxReplicas: 10,
      scaleTargetRef: { kind: 'Deployment', name: `rel-${chart}` },
    });
    expect(hpa.spec.metrics[0].resource).toEqual({
      name: 'cpu',
      target: { type: 'Utilization', averageUtilization: 80 },
    });
    for (const [sets, message] of [
      [
        ['autoscaling.enabled=true', 'autoscaling.keda.enabled=true'],
        'autoscaling.keda.monitoringEndpoint is required',
      ],
      [
        ['autoscaling.enabled=true', 'autoscaling.minReplicas=5', 'autoscaling.maxReplicas=2'],
        'must not be below',
      ],
    ] as const) {
      const r = ws.attempt(['template', 'rel', chart, ...sets.flatMap((s) => ['--set', s])]);
      expect(r.status).not.toBe(0);
      expect(r.stderr).toContain(message);
    }
  });
});

describe('console autoscaling', () => {
  it('is off by default (two replicas), a CPU HPA when enabled, never KEDA (no queue)', () => {
    const ms = ws.render('console');
    expect(one(ms, 'Deployment').spec.replicas).toBe(2);
    expect(ms.some((m) => m.kind === 'HorizontalPodAutoscaler')).toBe(false);

    const scaled = ws.render('console', { sets: ['autoscaling.enabled=true'] });
    expect(one(scaled, 'Deployment').spec.replicas).toBeUndefined();
    expect(one(scaled, 'HorizontalPodAutoscaler').spec).toMatchObject({
      minReplicas: 2,
      maxReplicas: 6,
      scaleTargetRef: { kind: 'Deployment', name: 'rel-console' },
      metrics: [{ resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
    });
    expect(scaled.some((m) => m.kind === 'ScaledObject')).toBe(false);

    for (const [sets, message] of [
      [
        ['autoscaling.enabled=true', 'autoscaling.keda.enabled=true'],
        "additional properties 'keda' not allowed",
      ],
      [['autoscaling.enabled=true', 'autoscaling.minReplicas=0'], "/autoscaling/minReplicas': minimum"],
      [
        ['autoscaling.enabled=true', 'autoscaling.minReplicas=5', 'autoscaling.maxReplicas=2'],
        'must not be below',
      ],
    ] as const) {
      const r = ws.attempt(['template', 'rel', 'console', ...sets.flatMap((s) => ['--set', s])]);
      expect(r.status, sets.join(' ')).not.toBe(0);
      expect(r.stderr).toContain(message);
    }
  });
});

describe('charts without a queue to scale on', () => {
  it.each(['scheduler-svc', 'migration-svc'])('%s has no autoscaling values', (chart) => {
    const r = ws.attempt(['template', 'rel', chart, '--set', 'autoscaling.enabled=true']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("additional properties 'autoscaling' not allowed");
  });
});
