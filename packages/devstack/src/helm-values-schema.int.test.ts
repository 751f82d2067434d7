/**
 * Every chart's values.schema.json as an operator meets it: `helm lint` and `helm template`
 * pass with the defaults and with production-like values, and fail, naming the key, on a
 * wrong type or a misspelt (unknown) key — at the top, deep inside, and under `global`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { UMBRELLA_CHART } from './helm-schema/schema-files.js';
import { type HelmWorkspace, openHelmWorkspace } from './helm-workspace.js';
import { REPO_ROOT, SERVICES } from './services.js';

let ws: HelmWorkspace;
beforeAll(() => {
  ws = openHelmWorkspace('helm-schema');
}, 120_000);
afterAll(() => ws?.close());

const production = parse(
  readFileSync(join(REPO_ROOT, 'infra', 'helm', UMBRELLA_CHART, 'values-production.yaml'), 'utf8'),
) as Record<string, Record<string, unknown>>;

/** A service chart installed alone with the production example's global and own block. */
function productionValuesOf(chart: string): object {
  const { enabled: _enabled, ...own } = production[chart] ?? {};
  return { global: production.global, ...own };
}

/**
 * Wrong values, all in one helm run per verb: helm reports every schema violation at once, so
 * each one must show up in the output, naming its key.
 */
const BAD: readonly { name: string; set: string; message: RegExp }[] = [
  {
    name: 'a string for an integer',
    set: 'replicaCount=three',
    message: /\/replicaCount': got string, want integer/,
  },
  {
    name: 'a misspelt top-level key',
    set: 'replicaCont=2',
    message: /additional properties 'replicaCont' not allowed/,
  },
  {
    name: 'an unknown key deep inside',
    set: 'nats.tls.enable=false',
    message: /\/nats\/tls': additional properties 'enable' not allowed/,
  },
  {
    name: 'a value outside its enum',
    set: 'nats.auth.mode=anonymous',
    message: /\/nats\/auth\/mode': value must be one of/,
  },
  {
    name: 'a string for a boolean under global',
    set: 'global.nats.tls.enabled=yes',
    message: /\/global\/nats\/tls\/enabled': got string, want boolean/,
  },
  {
    name: 'a key global does not share',
    set: 'global.httpPort=80',
    message: /\/global': additional properties 'httpPort' not allowed/,
  },
  {
    name: 'seven stream replicas',
    set: 'nats.streams.replicas=7',
    message: /\/nats\/streams\/replicas': maximum: got 7, want 5/,
  },
];

describe.each([...SERVICES.map((s) => s.name), UMBRELLA_CHART])('%s values.schema.json', (chart) => {
  const values = chart === UMBRELLA_CHART ? [production] : [productionValuesOf(chart)];

  it('passes helm lint --strict and helm template with the defaults and with production-like values', () => {
    // Defaults alone: helm-charts.int.test.ts lints each service chart.
    if (chart === UMBRELLA_CHART) expect(ws.run(['lint', chart, '--strict'])).toContain('0 chart(s) failed');
    expect(ws.run(['lint', chart, '--strict', ...ws.valuesArgs(values)])).toContain('0 chart(s) failed');
    expect(ws.render(chart).length).toBeGreaterThan(3);
    expect(ws.render(chart, { values }).length).toBeGreaterThan(3);
  });

  it('fails helm template and helm lint on wrong types and unknown keys, naming each', () => {
    // In the umbrella a service's keys sit under its name; `global` stays `global`.
    const sets = BAD.map(({ set }) =>
      chart === UMBRELLA_CHART && !set.startsWith('global.') ? `warehouse-svc.${set}` : set,
    ).flatMap((s) => ['--set', s]);
    for (const args of [
      ['template', 'rel', chart],
      ['lint', chart, '--strict'],
    ]) {
      const r = ws.attempt([...args, ...sets]);
      expect(r.status, args[0]).not.toBe(0);
      // helm lint prints its findings on stdout, helm template on stderr.
      for (const { name, message } of BAD)
        expect(r.stderr + r.stdout, `${args[0]}: ${name}`).toMatch(message);
    }
  });
});

describe(`${UMBRELLA_CHART} values.schema.json`, () => {
  it('refuses unknown keys of its own (alerts, dashboard) and a ratio above 1', () => {
    for (const [set, message] of [
      ['prometheusRule.lagTreshold=5', /additional properties 'lagTreshold' not allowed/],
      ['prometheusRule.failureRatio=2', /\/prometheusRule\/failureRatio': maximum/],
      ['grafanaDashboard.enabled=sure', /got string, want boolean/],
      ['nats.enabled=true', /additional properties 'nats' not allowed/],
    ] as const) {
      const r = ws.attempt(['template', 'rel', UMBRELLA_CHART, '--set', set]);
      expect(r.status, set).not.toBe(0);
      expect(r.stderr, set).toMatch(message);
    }
  });
});
