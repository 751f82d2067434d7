import type { WarehouseStatus } from '@repowiki/contracts';

/**
 * Status codes of the legacy system (its `WarehouseStatus` enum, stored as integers) and
 * what they mean now. The same codes were used for documents. A code missing here is left
 * in `legacy_status` and logged: it needs a person, not a guess.
 */
export const LEGACY_STATUS: Readonly<Record<number, WarehouseStatus>> = {
  0: 'pending',
  1: 'processing',
  2: 'completed',
  3: 'canceled',
  4: 'unauthorized',
  99: 'failed',
};

/**
 * Timestamps before this are "missing": the legacy exporter wrote 0001-01-01 (.NET
 * `DateTime.MinValue`) or the Unix epoch for unknown dates.
 */
export const MISSING_TIMESTAMP_BEFORE = '1971-01-01T00:00:00Z';

/** `(code, status)` pairs as two parallel arrays, for `unnest`. */
export function legacyStatusArrays(): { codes: number[]; statuses: string[] } {
  const entries = Object.entries(LEGACY_STATUS);
  return { codes: entries.map(([code]) => Number(code)), statuses: entries.map(([, status]) => status) };
}
