import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { extractHelm } from './helm.js';
import { UMBRELLA_CHART } from './helm-schema/schema-files.js';
import { REPO_ROOT, SERVICES } from './services.js';

export interface Manifest {
  kind: string;
  apiVersion: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  // biome-ignore lint/suspicious/noExplicitAny: rendered Kubernetes objects, asserted field by field
  spec: Record<string, any>;
  // biome-ignore lint/suspicious/noExplicitAny: ConfigMap data, ServiceAccount fields
  [field: string]: any;
}

export interface HelmWorkspace {
  readonly charts: string;
  /** `helm <args>` in the charts' copy; throws with helm's stderr on a non-zero exit. */
  run(args: string[]): string;
  /** `helm <args>`: exit status and stderr, for what must fail. */
  attempt(args: string[]): { status: number | null; stdout: string; stderr: string };
  /**
   * `helm template rel <chart>` with values files (objects, written as YAML) and --set;
   * parsed afresh each call (tests may change what they get), rendered once per input.
   */
  render(chart: string, options?: { values?: object[]; sets?: string[] }): Manifest[];
  /** Arguments for values objects: `-f <tmp file>` each. */
  valuesArgs(values: object[]): string[];
  close(): void;
}

/**
 * A copy of infra/helm with every dependency built (`helm dependency build` writes charts/
 * and Chart.lock next to each chart, so never in the work tree), and the helm binary.
 */
export function openHelmWorkspace(prefix: string): HelmWorkspace {
  const work = mkdtempSync(join(tmpdir(), `repowiki-${prefix}-`));
  const charts = join(work, 'helm');
  const helm = extractHelm(join(work, 'bin'));
  cpSync(join(REPO_ROOT, 'infra', 'helm'), charts, { recursive: true });
  const run = (args: string[]) =>
    execFileSync(helm, args, { cwd: charts, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  // The umbrella packs the service charts, which must hold their library chart first.
  for (const s of SERVICES) run(['dependency', 'build', s.name]);
  run(['dependency', 'build', UMBRELLA_CHART]);
  let files = 0;
  // The same chart and values always render the same: tests share one helm run.
  const rendered = new Map<string, string>();
  const valuesArgs = (values: object[]) =>
    values.flatMap((v) => {
      const file = join(work, `values-${files++}.yaml`);
      writeFileSync(file, stringify(v));
      return ['-f', file];
    });
  return {
    charts,
    run,
    attempt(args) {
      const r = spawnSync(helm, args, { cwd: charts, encoding: 'utf8' });
      return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    },
    render(chart, options = {}) {
      const key = JSON.stringify([chart, options.values ?? [], options.sets ?? []]);
      let out = rendered.get(key);
      if (out === undefined) {
        out = run([
          'template',
          'rel',
          chart,
          ...valuesArgs(options.values ?? []),
          ...(options.sets ?? []).flatMap((s) => ['--set', s]),
        ]);
        rendered.set(key, out);
      }
      return parseAllDocuments(out)
        .map((d) => d.toJSON() as Manifest | null)
        .filter((m): m is Manifest => m !== null);
    },
    valuesArgs,
    close: () => rmSync(work, { recursive: true, force: true }),
  };
}
