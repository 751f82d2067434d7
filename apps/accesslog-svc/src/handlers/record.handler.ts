import { type AccessEntry, AccessLogItemSchema, formatValidationError } from '@repowiki/contracts';
import { anonymizeIp, type BatchContext, type BatchItem, type IpAnonymization } from '@repowiki/runtime';
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
  const rows: AccessRecordRow[] = [];
  for (const item of items) {
    const { payload } = item;
    if ('entry' in payload) {
      // The entry's user wins; the message header is the fallback for producers that only set that.
      rows.push(toRow(item.taskId, payload.entry, item.userId, prefixes));
      continue;
    }
    for (let index = 0; index < payload.entries.length; index++) {
      const raw = payload.entries[index];
      const parsed = AccessLogItemSchema.safeParse(raw);
      if (parsed.success) rows.push(toRow(parsed.data.id, parsed.data.entry, item.userId, prefixes));
      else {
        ctx.deadLetter(item.taskId, {
          index,
          reason: `entry ${index}: ${formatValidationError(parsed.error)}`,
          data: JSON.stringify(raw) ?? 'null',
        });
      }
    }
  }
  let inserted = 0;
  await ctx.complete(async (tx) => {
    inserted = await insertAccessRecords(tx, rows);
  });
  ctx.logger.debug({ messages: items.length, entries: rows.length, inserted }, 'access records stored');
}

function toRow(
  messageId: string,
  entry: AccessEntry,
  headerUserId: string | null,
  prefixes: IpAnonymization,
): AccessRecordRow {
  return {
    messageId,
    resourceType: entry.resourceType,
    resourceId: entry.resourceId,
    userId: entry.userId ?? headerUserId,
    ipAddress: anonymizeIp(entry.ipAddress, prefixes),
    userAgent: entry.userAgent,
    path: entry.path,
    method: entry.method,
    statusCode: entry.statusCode,
    responseTime: entry.responseTime,
    occurredAt: entry.occurredAt,
  };
}
