import { describe, expect, test } from 'vitest';
import { formatDetails, formatTable } from './format-report.js';
import type { SourcePackage } from './packages.js';
import type { WikiBenchRow } from './run-wiki-bench.js';

const pkg = (dir: string, name: string): SourcePackage => ({
  language: 'go',
  dir,
  name,
  aliases: [name],
  files: [`${dir}/a.go`],
});

const row: WikiBenchRow = {
  repository: 'pflag',
  commit: '5fdac2d16c16d60605cb8baa887e8c5c38ef623f',
  files: 89,
  taskMs: 1234,
  secondTaskMs: 987,
  packagesFound: 2,
  measures: {
    pages: 9,
    packages: { withPage: [pkg('x', 'x')], withoutPage: [pkg('', 'pflag')] },
    topLevel: { found: 2, total: 3, missed: [{ path: 'flag.go', name: 'Parse', line: 7, kind: 'func' }] },
    methods: { found: 0, total: 0, missed: [] },
    mermaid: { ok: 0, total: 1, failures: ['architecture: Parse error on line 2'] },
    mapUrls: { resolved: 42, total: 42, broken: [] },
  },
  determinism: { identical: false, differences: ['overview'] },
  mapSettled: true,
};

describe('formatTable', () => {
  test('one aligned Markdown row per repository with ratios and percentages (rounded down)', () => {
    const lines = formatTable([row]).split('\n');
    expect(lines).toHaveLength(3);
    const cells = lines[2]
      ?.split('|')
      .map((c) => c.trim())
      .slice(1, -1);
    expect(cells).toEqual([
      'pflag',
      '5fdac2d16c',
      '89',
      '1.23 s / 0.99 s',
      '9',
      '1 / 2 (50 %)',
      '2 / 3 (66 %)',
      '0 / 0',
      '0 / 1',
      '42 / 42',
      'no (1 differ)',
    ]);
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
  });
});

describe('formatDetails', () => {
  test('lists what is missing, limited per list', () => {
    expect(formatDetails([row], 1).split('\n')).toEqual([
      'pflag @ 5fdac2d16c16d60605cb8baa887e8c5c38ef623f',
      '  packages without a page (1):',
      '    go pflag (.)',
      '  public top-level definitions not on a page (1):',
      '    flag.go:7 func Parse',
      '  Mermaid blocks that do not parse (1):',
      '    architecture: Parse error on line 2',
      '  differences between the two runs (1):',
      '    overview',
    ]);
  });
});
