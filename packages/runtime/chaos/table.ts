import type { Row } from './scenario.js';

export const rowFailed = (r: Row) => r.lost > 0 || r.twice > 0 || r.violations.length > 0;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The suite's one table, as Markdown (pasted as is into the README). */
export function formatTable(rows: readonly Row[]): string {
  const head = [
    'scenario',
    'submitted',
    'succeeded',
    'failed as expected',
    'lost',
    'handler effects run twice',
    'longest stall',
    'notes',
  ];
  const lines = rows.map((r) => [
    `${rowFailed(r) ? '✗' : '✓'} ${r.scenario}`,
    r.submitted.toLocaleString('en-US'),
    r.succeeded.toLocaleString('en-US'),
    r.failedAsExpected.toLocaleString('en-US'),
    r.lost.toLocaleString('en-US'),
    r.twice.toLocaleString('en-US'),
    seconds(r.longestStallMs),
    [...r.violations.map((v) => `**${v}**`), ...r.notes].join('; '),
  ]);
  const all = [head, ...lines];
  const widths = head.map((_, i) => Math.max(...all.map((l) => l[i]!.length)));
  const fmt = (l: string[]) => `| ${l.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [fmt(head), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...lines.map(fmt)].join('\n');
}
