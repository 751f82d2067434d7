/**
 * The Helm charts as an operator uses them: `helm lint` and `helm template` with the real
 * helm binary, and the rendered manifests checked for what a deploy relies on.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { extractHelm } from './helm.js';
import { REPO_ROOT, SERVICES } from './services.js';

interface Manifest {
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  // biome-ignore lint/suspicious/noExplicitAny: rendered Kubernetes objects, asserted field by field
  spec: Record<string, any>;
}

const work = mkdtempSync(join(tmpdir(), 'repowiki-helm-'));
const charts = join(work, 'helm');
let helm = '';

function run(args: string[]): string {
  return execFileSync(helm, args, { cwd: charts, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function render(chart: string, sets: string[] = []): Manifest[] {
  const out = run(['template', 'rel', chart, ...sets.flatMap((s) => ['--set', s])]);
  return parseAllDocuments(out)
    .map((d) => d.toJSON() as Manifest | null)
    .filter((m): m is Manifest => m !== null);
}

function container(manifests: Manifest[], kind: 'Deployment' | 'Job') {
  const m = manifests.find((x) => x.kind === kind);
  if (!m) throw new Error(`no ${kind} rendered`);
  return { manifest: m, c: m.spec.template.spec.containers[0], pod: m.spec.template.spec };
}

function envOf(c: { env: { name: string; value?: string }[] }): Record<string, string | undefined> {
  return Object.fromEntries(c.env.map((e) => [e.name, e.value]));
}

beforeAll(() => {
  helm = extractHelm(join(work, 'bin'));
  // A copy: `helm dependency build` writes charts/ and Chart.lock next to each chart.
  cpSync(join(REPO_ROOT, 'infra', 'helm'), charts, { recursive: true });
  for (const s of SERVICES) run(['dependency', 'build', s.name]);
}, 60_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.each(SERVICES)('chart $name', ({ name, httpPort }) => {
  it('passes helm lint --strict', () => {
    expect(run(['lint', name, '--strict'])).toContain('0 chart(s) failed');
  });

  it('renders a Deployment with probes, its port and a grace period above SHUTDOWN_GRACE_MS', () => {
    const manifests = render(name);
    const { c, pod } = container(manifests, 'Deployment');
    expect(c.livenessProbe.httpGet.path).toBe('/healthz');
    expect(c.readinessProbe.httpGet.path).toBe('/readyz');
    expect(c.ports[0].containerPort).toBe(httpPort);
    const env = envOf(c);
    expect(env.HTTP_HOST).toBe('0.0.0.0');
    expect(env.HTTP_PORT).toBe(String(httpPort));
    expect(pod.terminationGracePeriodSeconds * 1000).toBeGreaterThan(Number(env.SHUTDOWN_GRACE_MS));
    expect(
      c.env.find((e: { name: string }) => e.name === 'DATABASE_URL').valueFrom.secretKeyRef.name,
    ).toBeTruthy();
    const service = manifests.find((m) => m.kind === 'Service');
    expect(service?.spec.ports[0].port).toBe(httpPort);
    expect(manifests.some((m) => m.kind === 'ServiceMonitor')).toBe(false);
  });

  it('connects to NATS as its own user over TLS by default, credentials from Secrets only', () => {
    for (const kind of name === 'migration-svc'
      ? (['Deployment', 'Job'] as const)
      : (['Deployment'] as const)) {
      const { c, pod } = container(render(name), kind);
      const env = envOf(c);
      expect(env).toMatchObject({
        NATS_USER: name,
        NATS_TLS: 'true',
        NATS_TLS_CA: '/etc/nats/tls-ca/ca.crt',
      });
      expect(env.NATS_URL).not.toContain('@');
      const password = c.env.find((e: { name: string }) => e.name === 'NATS_PASSWORD');
      expect(password).toEqual({
        name: 'NATS_PASSWORD',
        valueFrom: { secretKeyRef: { name: `repowiki-nats-${name}`, key: 'password' } },
      });
      expect(pod.volumes).toContainEqual({
        name: 'nats-tls-ca',
        secret: { secretName: 'repowiki-nats-ca', defaultMode: 0o440 },
      });
      expect(c.volumeMounts).toContainEqual({
        name: 'nats-tls-ca',
        mountPath: '/etc/nats/tls-ca',
        readOnly: true,
      });
    }
  });

  it('mounts a creds file, a client certificate and adds a ServiceMonitor when asked', () => {
    const manifests = render(name, [
      'nats.auth.mode=creds',
      'nats.auth.secretName=nats-user',
      'nats.tls.clientCertSecret=nats-client',
      'serviceMonitor.enabled=true',
    ]);
    const { c, pod } = container(manifests, 'Deployment');
    const env = envOf(c);
    expect(env).toMatchObject({
      NATS_CREDS_FILE: '/etc/nats/creds/nats.creds',
      NATS_TLS_CERT: '/etc/nats/tls-client/tls.crt',
      NATS_TLS_KEY: '/etc/nats/tls-client/tls.key',
    });
    expect(env.NATS_USER).toBeUndefined();
    expect(pod.volumes).toContainEqual({
      name: 'nats-creds',
      secret: { secretName: 'nats-user', defaultMode: 0o440 },
    });
    expect(c.volumeMounts).toContainEqual({
      name: 'nats-creds',
      mountPath: '/etc/nats/creds',
      readOnly: true,
    });
    const monitor = manifests.find((m) => m.kind === 'ServiceMonitor');
    expect(monitor?.spec.endpoints[0]).toMatchObject({ port: 'http', path: '/metrics' });
  });

  it('renders no NATS credentials or TLS only when both are switched off (a development NATS)', () => {
    const env = envOf(
      container(render(name, ['nats.auth.mode=none', 'nats.tls.enabled=false']), 'Deployment').c,
    );
    expect(Object.keys(env).filter((k) => k.startsWith('NATS_'))).toEqual(['NATS_URL', 'NATS_NAMESPACE']);
  });

  it('refuses credentials in nats.url and an unknown auth mode', () => {
    for (const [set, message] of [
      ['nats.url=nats://web:hunter2@nats:4222', 'nats.url must not hold credentials'],
      // values.schema.json refuses it before the template's own check.
      [
        'nats.auth.mode=anonymous',
        "at '/nats/auth/mode': value must be one of 'user', 'creds', 'nkey', 'none'",
      ],
      ['nats.auth.secretName=', 'nats.auth.secretName is required with nats.auth.mode=user'],
    ] as const) {
      const r = spawnSync(helm, ['template', 'rel', name, '--set', set], { cwd: charts, encoding: 'utf8' });
      expect(r.status, set).not.toBe(0);
      expect(r.stderr).toContain(message);
    }
  });

  it('refuses a pod grace period that does not exceed SHUTDOWN_GRACE_MS', () => {
    const r = spawnSync(helm, ['template', 'rel', name, '--set', 'shutdownGraceMs=60000'], {
      cwd: charts,
      encoding: 'utf8',
    });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('terminationGracePeriodSeconds (45 s) must exceed shutdownGraceMs (60000 ms)');
  });
});

describe('migration-svc chart', () => {
  it('runs `migrate` as a pre-install/pre-upgrade hook Job', () => {
    const { manifest, c } = container(render('migration-svc'), 'Job');
    expect(manifest.metadata.annotations?.['helm.sh/hook']).toBe('pre-install,pre-upgrade');
    expect(c.command).toEqual(['node', 'dist/main.js', 'migrate']);
    expect(manifest.spec.template.spec.restartPolicy).toBe('Never');
  });

  it('keeps /data on a kept PersistentVolumeClaim, recreates the pod, and takes BACKUP_SIGNING_KEY from a Secret', () => {
    const manifests = render('migration-svc');
    const pvc = manifests.find((m) => m.kind === 'PersistentVolumeClaim');
    expect(pvc?.metadata.name).toBe('rel-migration-svc-data');
    expect(pvc?.metadata.annotations?.['helm.sh/resource-policy']).toBe('keep');
    expect(pvc?.spec).toMatchObject({
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '10Gi' } },
    });
    const { manifest, c, pod } = container(manifests, 'Deployment');
    expect(manifest.spec.strategy).toEqual({ type: 'Recreate' });
    expect(pod.volumes).toContainEqual({
      name: 'data',
      persistentVolumeClaim: { claimName: 'rel-migration-svc-data' },
    });
    expect(
      pod.volumes.some((v: { emptyDir?: unknown; name: string }) => v.name === 'data' && v.emptyDir),
    ).toBe(false);
    expect(c.volumeMounts).toContainEqual({ name: 'data', mountPath: '/data' });
    const signingKey = {
      name: 'BACKUP_SIGNING_KEY',
      valueFrom: { secretKeyRef: { name: 'repowiki-backup-signing', key: 'key' } },
    };
    expect(c.env).toContainEqual(signingKey);
    expect(envOf(c)).toMatchObject({
      BACKUP_DIR: '/data/backups',
      ADMIN_GENERATED_PASSWORD_FILE: '/data/admin-password',
    });
    // The hook Job validates the same env but must not wait for the pod's ReadWriteOnce volume.
    const job = container(manifests, 'Job');
    expect(job.c.env).toContainEqual(signingKey);
    expect(job.pod.volumes.map((v: { name: string }) => v.name)).not.toContain('data');

    const existing = render('migration-svc', ['persistence.existingClaim=backups-nfs']);
    expect(existing.some((m) => m.kind === 'PersistentVolumeClaim')).toBe(false);
    expect(container(existing, 'Deployment').pod.volumes).toContainEqual({
      name: 'data',
      persistentVolumeClaim: { claimName: 'backups-nfs' },
    });
  });

  it('refuses to render without a Secret for BACKUP_SIGNING_KEY', () => {
    const r = spawnSync(helm, ['template', 'rel', 'migration-svc', '--set', 'backup.signingKeySecret='], {
      cwd: charts,
      encoding: 'utf8',
    });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('backup.signingKeySecret is required');
  });

  it('other charts have no migration Job', () => {
    expect(render('stats-svc').some((m) => m.kind === 'Job')).toBe(false);
  });
});

describe('console chart', () => {
  const fails = (sets: string[], message: string) => {
    const r = spawnSync(helm, ['template', 'rel', 'console', ...sets.flatMap((s) => ['--set', s])], {
      cwd: charts,
      encoding: 'utf8',
    });
    expect(r.status, sets.join(' ')).not.toBe(0);
    expect(r.stderr).toContain(message);
  };

  it('takes CONSOLE_TOKEN (and the viewer token when named) from a Secret, never a value', () => {
    const { c } = container(render('console'), 'Deployment');
    expect(c.env).toContainEqual({
      name: 'CONSOLE_TOKEN',
      valueFrom: { secretKeyRef: { name: 'repowiki-console', key: 'token' } },
    });
    expect(envOf(c)).toMatchObject({ NODE_ENV: 'production' });
    expect(c.env.some((e: { name: string }) => e.name === 'CONSOLE_VIEWER_TOKEN')).toBe(false);

    const viewer = container(
      render('console', [
        'tokens.secretName=console-auth',
        'tokens.viewerTokenKey=viewer',
        'extraEnv[0].name=X',
      ]),
      'Deployment',
    ).c;
    expect(viewer.env).toContainEqual({
      name: 'CONSOLE_VIEWER_TOKEN',
      valueFrom: { secretKeyRef: { name: 'console-auth', key: 'viewer' } },
    });
    expect(viewer.env).toContainEqual({ name: 'X' });
    expect(viewer.env.filter((e: { name: string }) => e.name === 'CONSOLE_TOKEN')).toHaveLength(1);
  });

  it('refuses to render without the tokens Secret, and refuses a token as a value', () => {
    fails(['tokens.secretName='], 'tokens.secretName is required');
    fails(['tokens.token=hunter2hunter2hunter2hunter2'], "additional properties 'token' not allowed");
  });

  it('has no Ingress by default; one for its host, class and TLS Secret when enabled', () => {
    expect(render('console').some((m) => m.kind === 'Ingress')).toBe(false);
    const ingress = render('console', [
      'ingress.enabled=true',
      'ingress.host=console.example.com',
      'ingress.className=nginx',
      'ingress.tlsSecret=console-tls',
    ]).find((m) => m.kind === 'Ingress');
    expect(ingress?.spec).toEqual({
      ingressClassName: 'nginx',
      tls: [{ hosts: ['console.example.com'], secretName: 'console-tls' }],
      rules: [
        {
          host: 'console.example.com',
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: { service: { name: 'rel-console', port: { name: 'http' } } },
              },
            ],
          },
        },
      ],
    });
  });

  it('refuses an Ingress without a host, or with a URL for a host', () => {
    fails(['ingress.enabled=true'], 'ingress.host is required with ingress.enabled');
    fails(['ingress.enabled=true', 'ingress.host=https://console.example.com'], "/ingress/host': ");
  });
});
