import type { TransactionSql } from 'postgres';

/** One `access_records` row as the record handler builds it. */
export interface AccessRecordRow {
  /** The entry's id (a batched message) or the task id (a one-entry message): unique. */
  messageId: string;
  resourceType: string;
  resourceId: string;
  userId: string | null;
  ipAddress: string;
  userAgent: string;
  path: string;
  method: string;
  statusCode: number;
  /** Milliseconds. */
  responseTime: number;
  /** ISO 8601 with an offset (validated by AccessEntrySchema). */
  occurredAt: string;
}

/**
 * One INSERT for a whole call, run in `tx` (the batch's `ctx.complete` transaction): eleven
 * array literals expanded by `unnest`, so the statement has eleven parameters whatever the
 * number of rows (a multi-row VALUES list stops at PostgreSQL's 65,535 parameters, ~5,900 rows
 * here, and costs more to parse and bind). `message_id` is unique, so a row stored by an
 * earlier call, or twice in this one, is skipped: each entry id becomes exactly one row.
 * PostgreSQL spends about what COPY spends per row on this statement (measured: README); the
 * literals are built here rather than by postgres.js's generic array serializer, which cost
 * ~3 µs of the service's CPU per row.
 * @returns rows actually inserted (duplicates excluded)
 */
export async function insertAccessRecords(
  tx: TransactionSql,
  rows: readonly AccessRecordRow[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const result = await tx.unsafe(
    `insert into access_records
       (message_id, resource_type, resource_id, user_id, ip_address, user_agent, path, method,
        status_code, response_time, occurred_at)
     select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
       $7::text[], $8::text[], $9::int[], $10::real[], $11::timestamptz[])
     on conflict (message_id) do nothing`,
    [
      textArray(rows, (r) => r.messageId),
      textArray(rows, (r) => r.resourceType),
      textArray(rows, (r) => r.resourceId),
      textArray(rows, (r) => r.userId),
      textArray(rows, (r) => r.ipAddress),
      textArray(rows, (r) => r.userAgent),
      textArray(rows, (r) => r.path),
      textArray(rows, (r) => r.method),
      numberArray(rows, (r) => r.statusCode),
      numberArray(rows, (r) => r.responseTime),
      textArray(rows, (r) => r.occurredAt),
    ],
  );
  return result.count;
}

/** Characters that must be escaped inside a quoted array element. */
const NEEDS_ESCAPE = /["\\]/;
const ESCAPE = /["\\]/g;

/** A PostgreSQL array literal of text values: `{"a","b\"c",NULL}`. */
function textArray(rows: readonly AccessRecordRow[], value: (r: AccessRecordRow) => string | null): string {
  let out = '{';
  for (let i = 0; i < rows.length; i++) {
    const v = value(rows[i]!);
    if (i > 0) out += ',';
    if (v === null) out += 'NULL';
    else out += `"${NEEDS_ESCAPE.test(v) ? v.replace(ESCAPE, '\\$&') : v}"`;
  }
  return `${out}}`;
}

/** A PostgreSQL array literal of finite numbers (validated by AccessEntrySchema). */
function numberArray(rows: readonly AccessRecordRow[], value: (r: AccessRecordRow) => number): string {
  let out = '{';
  for (let i = 0; i < rows.length; i++) out += i > 0 ? `,${value(rows[i]!)}` : `${value(rows[i]!)}`;
  return `${out}}`;
}
