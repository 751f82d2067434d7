import { type AccessEntry, AccessLogItemSchema, formatValidationError } from '@repowiki/contracts';
import { anonymizeIp, type BatchContext, type BatchItem } from '@repowiki/runtime';
import type { TransactionSql } from 'postgres';
import { copyAccessRecords } from '../queries/copy-access-records.query.js';
import { type AccessRecordRow, insertAccessRecords } from '../queries/insert-access-records.query.js';
import { readIpAnonymization } from '../task-env.js';

type RecordItem = BatchItem<'tasks.accesslog.record'>;

/**
 * Ingests a call's messages in one statement. A message is either a batch of entries
 * (`{ entries: [{ id, entry }] }`, what the web tier's helpers publish) or one entry
 * (`{ entry }`, the earlier shape, still accepted). The task runs without ledger rows
 * (`ledger: false`): the runtime acks each message only after `ctx.complete` commits, and the
 * unique `message_id` (the entry's id; the task id for a one-entry message) drops a row
 * stored before, so a redelivered message stores nothing twice.
 * An entry that fails AccessLogItemSchema is dead-lettered alone (`ctx.deadLetter`, once, with
 * the validation error) and its neighbours are stored.
 * Client addresses are cut to ACCESSLOG_IPV4/IPV6_PREFIX_BITS before they are stored, whatever
 * the producer sent (the web tier's middleware already does it by default).
 */
export async function recordAccessBatch(items: readonly RecordItem[], ctx: BatchContext): Promise<void> {
  const prefixes = readIpAnonymization();
  // Page views of one call share few addresses: each is anonymized once.
  const anonymized = new Map<string, string>();
  const anonymize = (ip: string) => {
    let cut = anonymized.get(ip);
    if (cut === undefined) {
      cut = anonymizeIp(ip, prefixes);
      anonymized.set(ip, cut);
    }
    return cut;
  };
  const rows: AccessRecordRow[] = [];
  for (const item of items) {
    const { payload } = item;
    if ('entry' in payload) {
      const unstorable = unstorableField(payload.entry);
      if (unstorable) {
        ctx.deadLetter(item.taskId, {
          index: 0,
          reason: `entry: ${unstorable} holds a NUL or a lone surrogate, which PostgreSQL text cannot store`,
          data: JSON.stringify(payload),
          code: 'unstorable',
        });
        continue;
      }
      // The entry's user wins; the message header is the fallback for producers that only set that.
      rows.push(toRow(item.taskId, payload.entry, item.userId, anonymize));
      continue;
    }
    for (let index = 0; index < payload.entries.length; index++) {
      const raw = payload.entries[index];
      const parsed = AccessLogItemSchema.safeParse(raw);
      if (!parsed.success) {
        ctx.deadLetter(item.taskId, {
          index,
          reason: `entry ${index}: ${formatValidationError(parsed.error)}`,
          // A one-entry message of its own: `tasks dlq replay` can send it back once fixed.
          data: JSON.stringify({ entries: [raw ?? null] }),
        });
        continue;
      }
      const unstorable =
        unstorableField(parsed.data.entry) ?? (isStorable(parsed.data.id) ? undefined : 'id');
      if (unstorable) {
        ctx.deadLetter(item.taskId, {
          index,
          reason: `entry ${index}: ${unstorable} holds a NUL or a lone surrogate, which PostgreSQL text cannot store`,
          data: JSON.stringify({ entries: [raw] }),
          code: 'unstorable',
        });
        continue;
      }
      rows.push(toRow(parsed.data.id, parsed.data.entry, item.userId, anonymize));
    }
  }
  let stored = { inserted: 0, copied: true };
  await ctx.complete(async (tx) => {
    stored = await storeAccessRecords(tx, rows);
  });
  ctx.logger.debug({ messages: items.length, entries: rows.length, ...stored }, 'access records stored');
}

/** SQLSTATE unique_violation. */
const UNIQUE_VIOLATION = '23505';

/**
 * Stores a call's rows with COPY, the cheap path, under a savepoint. Should any entry id be
 * stored already (a message redelivered after its commit, the same entry sent twice), COPY
 * fails whole with unique_violation: the savepoint drops it and the `ON CONFLICT DO NOTHING`
 * insert stores exactly the entries that are missing. Either way each entry id is one row.
 */
async function storeAccessRecords(
  tx: TransactionSql,
  rows: readonly AccessRecordRow[],
): Promise<{ inserted: number; copied: boolean }> {
  try {
    return { inserted: await tx.savepoint((sp) => copyAccessRecords(sp, rows)), copied: true };
  } catch (e: unknown) {
    if ((e as { code?: string }).code !== UNIQUE_VIOLATION) throw e;
    return { inserted: await insertAccessRecords(tx, rows), copied: false };
  }
}

function toRow(
  messageId: string,
  entry: AccessEntry,
  headerUserId: string | null,
  anonymize: (ip: string) => string,
): AccessRecordRow {
  return {
    messageId,
    resourceType: entry.resourceType,
    resourceId: entry.resourceId,
    userId: entry.userId ?? headerUserId,
    ipAddress: anonymize(entry.ipAddress),
    userAgent: entry.userAgent,
    path: entry.path,
    method: entry.method,
    statusCode: entry.statusCode,
    responseTime: entry.responseTime,
    occurredAt: entry.occurredAt,
  };
}

const TEXT_FIELDS = [
  'resourceType',
  'resourceId',
  'userId',
  'ipAddress',
  'userAgent',
  'path',
  'method',
] as const;

/** A UTF-16 surrogate without its pair. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Text PostgreSQL can store: no NUL, no lone UTF-16 surrogate. */
function isStorable(v: string): boolean {
  return !v.includes('\u0000') && !LONE_SURROGATE.test(v);
}

/**
 * The first field of an entry that PostgreSQL would refuse: such an entry fails every retry of
 * its whole call, so it is dead-lettered alone instead.
 */
function unstorableField(entry: AccessEntry): string | undefined {
  for (const f of TEXT_FIELDS) {
    const v = entry[f];
    if (v !== null && !isStorable(v)) return f;
  }
  return undefined;
}
