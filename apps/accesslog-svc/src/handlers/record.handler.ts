import { anonymizeIp, type BatchContext, type BatchItem, type IpAnonymization } from '@repowiki/runtime';
import { type AccessRecordRow, insertAccessRecords } from '../queries/insert-access-records.query.js';
import { readIpAnonymization } from '../task-env.js';

type RecordItem = BatchItem<'tasks.accesslog.record'>;

/**
 * Ingests a batch of access-log messages in one statement (and so one commit). The worker
 * acks the messages only after this resolves; if it throws, the whole batch is redelivered
 * and the unique `message_id` (the task id) drops the rows that were already stored.
 * Client addresses are cut to ACCESSLOG_IPV4/IPV6_PREFIX_BITS before they are stored, whatever
 * the producer sent (the web tier's middleware already does it by default).
 */
export async function recordAccessBatch(items: readonly RecordItem[], ctx: BatchContext): Promise<void> {
  const prefixes = readIpAnonymization();
  const inserted = await insertAccessRecords(
    ctx.db.db,
    items.map((item) => toRow(item, prefixes)),
  );
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
