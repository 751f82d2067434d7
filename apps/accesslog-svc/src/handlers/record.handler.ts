import { anonymizeIp, type BatchContext, type BatchItem, type IpAnonymization } from '@repowiki/runtime';
import { type AccessRecordRow, insertAccessRecords } from '../queries/insert-access-records.query.js';
import { readIpAnonymization } from '../task-env.js';

type RecordItem = BatchItem<'tasks.accesslog.record'>;

/**
 * Ingests a batch of access-log messages in one statement, committed with every item's
 * SUCCESS (`ctx.complete`): a crash before the commit leaves neither, after it the
 * redeliveries only ack. The unique `message_id` (the task id) still drops a row stored
 * before, whatever path it came by.
 * Client addresses are cut to ACCESSLOG_IPV4/IPV6_PREFIX_BITS before they are stored, whatever
 * the producer sent (the web tier's middleware already does it by default).
 */
export async function recordAccessBatch(items: readonly RecordItem[], ctx: BatchContext): Promise<void> {
  const prefixes = readIpAnonymization();
  const rows = items.map((item) => toRow(item, prefixes));
  let inserted = 0;
  await ctx.complete(async (tx) => {
    inserted = await insertAccessRecords(ctx.db.db, tx, rows);
  });
  ctx.logger.debug({ received: items.length, inserted }, 'access records stored');
}

function toRow(
  { taskId, payload: { entry }, userId }: RecordItem,
  prefixes: IpAnonymization,
): AccessRecordRow {
  return {
    messageId: taskId,
    resourceType: entry.resourceType,
    resourceId: entry.resourceId,
    // The entry's user wins; the message header is the fallback for producers that only set that.
    userId: entry.userId ?? userId,
    ipAddress: anonymizeIp(entry.ipAddress, prefixes),
    userAgent: entry.userAgent,
    path: entry.path,
    method: entry.method,
    statusCode: entry.statusCode,
    responseTime: entry.responseTime,
    occurredAt: new Date(entry.occurredAt),
  };
}
