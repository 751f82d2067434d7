import { createRequire } from 'node:module';
import type TableClass from 'cli-table3';

/** cli-table3 (CommonJS), loaded by the first table drawn: `--help` and `--json` draw none. */
let TableCtor: typeof TableClass | undefined;
function newTable(options: ConstructorParameters<typeof TableClass>[0]): InstanceType<typeof TableClass> {
  TableCtor ??= createRequire(import.meta.url)('cli-table3') as typeof TableClass;
  return new TableCtor(options);
}

/** Prints rows as a table for people, or the raw value as JSON for scripts. */
export function print(json: boolean, value: unknown, table: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${table()}\n`);
}

export function table(head: string[], rows: unknown[][]): string {
  const t = newTable({ head, style: { head: [], border: [] } });
  for (const r of rows) t.push(r.map(cell));
  return rows.length === 0 ? `${t.toString()}\n(none)` : t.toString();
}

/** A two-column key/value table. */
export function fields(entries: [string, unknown][]): string {
  const t = newTable({ style: { head: [], border: [] } });
  for (const [k, v] of entries) t.push({ [k]: cell(v) });
  return t.toString();
}

export function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'string' && /^\d{4}-\d\d-\d\d[ T]\d\d:\d\d/.test(v)) return toDate(v)?.toISOString() ?? v;
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** `1234` → `1.2s`, `75_000` → `1m15s`. */
export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const m = Math.floor(ms / 60_000);
  const s = Math.round((ms % 60_000) / 1000);
  return m < 60 ? `${m}m${s}s` : `${Math.floor(m / 60)}h${m % 60}m`;
}

/**
 * A timestamp from the database as a Date. The ledger and queries may hand back a Date or
 * ISO text depending on the driver's type set-up; everything shown goes through here.
 */
export function toDate(v: unknown): Date | null {
  if (v === null || v === undefined || v === '') return null;
  const d = v instanceof Date ? v : new Date(String(v));
  return Number.isNaN(d.getTime()) ? null : d;
}
