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
 * typed arrays expanded by `unnest`, so the statement has eleven parameters whatever the
 * number of rows (a multi-row VALUES list stops at PostgreSQL's 65,535 parameters, ~5,900 rows
 * here, and costs more to parse and bind). `message_id` is unique, so a row stored by an
 * earlier call, or twice in this one, is skipped: each entry id becomes exactly one row.
 * @returns rows actually inserted (duplicates excluded)
 */
export async function insertAccessRecords(
  tx: TransactionSql,
  rows: readonly AccessRecordRow[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const n = rows.length;
  const messageId = new Array<string>(n);
  const resourceType = new Array<string>(n);
  const resourceId = new Array<string>(n);
  const userId = new Array<string | null>(n);
  const ipAddress = new Array<string>(n);
  const userAgent = new Array<string>(n);
  const path = new Array<string>(n);
  const method = new Array<string>(n);
  const statusCode = new Array<number>(n);
  const responseTime = new Array<number>(n);
  const occurredAt = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    messageId[i] = r.messageId;
    resourceType[i] = r.resourceType;
    resourceId[i] = r.resourceId;
    userId[i] = r.userId;
    ipAddress[i] = r.ipAddress;
    userAgent[i] = r.userAgent;
    path[i] = r.path;
    method[i] = r.method;
    statusCode[i] = r.statusCode;
    responseTime[i] = r.responseTime;
    occurredAt[i] = r.occurredAt;
  }
  const result = await tx`
    insert into access_records
      (message_id, resource_type, resource_id, user_id, ip_address, user_agent, path, method,
       status_code, response_time, occurred_at)
    select * from unnest(
      ${messageId}::text[], ${resourceType}::text[], ${resourceId}::text[], ${userId}::text[],
      ${ipAddress}::text[], ${userAgent}::text[], ${path}::text[], ${method}::text[],
      ${statusCode}::int[], ${responseTime}::real[], ${occurredAt}::timestamptz[])
    on conflict (message_id) do nothing`;
  return result.count;
}
