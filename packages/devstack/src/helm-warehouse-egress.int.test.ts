/**
 * warehouse-svc's chart bounds what a repository address can reach and fill: an egress
 * NetworkPolicy (public git servers only, plus DNS, NATS, PostgreSQL) and a size limit on
 * the /data emptyDir. Rendered with the real helm binary.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { extractHelm } from './helm.js';
import { REPO_ROOT } from './services.js';

interface Manifest {
  kind: string;
  metadata: { name: string };
  // biome-ignore lint/suspicious/noExplicitAny: rendered Kubernetes objects, asserted field by field
  spec: Record<string, any>;
}

const work = mkdtempSync(join(tmpdir(), 'repowiki-helm-egress-'));
const charts = join(work, 'helm');
let helm = '';

function render(sets: string[] = []): Manifest[] {
  const out = execFileSync(helm, ['template', 'rel', 'warehouse-svc', ...sets.flatMap((s) => ['--set', s])], {
    cwd: charts,
    encoding: 'utf8',
  });
  return parseAllDocuments(out)
    .map((d) => d.toJSON() as Manifest | null)
    .filter((m): m is Manifest => m !== null);
}

beforeAll(() => {
  helm = extractHelm(join(work, 'bin'));
  cpSync(join(REPO_ROOT, 'infra', 'helm'), charts, { recursive: true });
  execFileSync(helm, ['dependency', 'build', 'warehouse-svc'], { cwd: charts, stdio: 'ignore' });
}, 60_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('warehouse-svc chart: egress and disk', () => {
  it('renders a NetworkPolicy: its HTTP port in; DNS, NATS, PostgreSQL, and git ports on public addresses only out', () => {
    const policy = render().find((m) => m.kind === 'NetworkPolicy');
    expect(policy?.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(policy?.spec.ingress).toEqual([{ ports: [{ protocol: 'TCP', port: 3101 }] }]);
    expect(policy?.spec.podSelector.matchLabels).toMatchObject({ 'app.kubernetes.io/name': 'warehouse-svc' });
    const rules: {
      to: { ipBlock?: { cidr: string; except?: string[] } }[];
      ports: { protocol: string; port: number }[];
    }[] = policy?.spec.egress ?? [];
    const ports = rules.map((r) => r.ports.map((p) => `${p.protocol}/${p.port}`).join(','));
    expect(ports).toEqual(['UDP/53,TCP/53', 'TCP/4222', 'TCP/5432', 'TCP/443,TCP/80,TCP/22']);
    const git = rules[3]?.to ?? [];
    const v4 = git.find((t) => t.ipBlock?.cidr === '0.0.0.0/0')?.ipBlock?.except;
    const v6 = git.find((t) => t.ipBlock?.cidr === '::/0')?.ipBlock?.except;
    for (const range of [
      '10.0.0.0/8',
      '172.16.0.0/12',
      '192.168.0.0/16',
      '127.0.0.0/8',
      '169.254.0.0/16',
      '100.64.0.0/10',
    ])
      expect(v4).toContain(range);
    for (const range of ['fc00::/7', 'fe80::/10', '::/96']) expect(v6).toContain(range);
    // Nothing else may reach a private address on those ports.
    expect(git).toHaveLength(2);
  });

  it('adds extra egress rules (a self-hosted git server) and can be turned off', () => {
    const extra = render([
      'networkPolicy.extraEgress[0].to[0].ipBlock.cidr=10.20.0.0/16',
      'networkPolicy.extraEgress[0].ports[0].port=443',
    ]).find((m) => m.kind === 'NetworkPolicy');
    expect(extra?.spec.egress.at(-1)).toEqual({
      to: [{ ipBlock: { cidr: '10.20.0.0/16' } }],
      ports: [{ port: 443 }],
    });
    expect(render(['networkPolicy.enabled=false']).some((m) => m.kind === 'NetworkPolicy')).toBe(false);
  });

  it('caps the /data emptyDir', () => {
    const deployment = render().find((m) => m.kind === 'Deployment');
    const data = deployment?.spec.template.spec.volumes.find((v: { name: string }) => v.name === 'data');
    expect(data?.emptyDir.sizeLimit).toBe('20Gi');
  });

  it('passes helm lint --strict', () => {
    const out = execFileSync(helm, ['lint', 'warehouse-svc', '--strict'], { cwd: charts, encoding: 'utf8' });
    expect(out).toContain('0 chart(s) failed');
  });
});
