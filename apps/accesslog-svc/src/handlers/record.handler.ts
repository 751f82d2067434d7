import type { BatchContext, BatchItem } from '@repowiki/runtime';
import { type AccessRecordRow, insertAccessRecords } from '../queries/insert-access-records.query.js';

type RecordItem = BatchItem<'tasks.accesslog.record'>;

/**
 * Ingests a batch of access-log messages in one statement (and so one commit). The worker
 * acks the messages only after this resolves; if it throws, the whole batch is redelivered
 * and the unique `message_id` (the task id) drops the rows that were already stored.
 */
export async function recordAccessBatch(items: readonly RecordItem[], ctx: BatchContext): Promise<void> {
  const inserted = await insertAccessRecords(ctx.db.db, items.map(toRow));
  ctx.logger.debug({ received: items.length, inserted }, 'access records stored');
}

function toRow({ taskId, payload: { entry }, userId }: RecordItem): AccessRecordRow {
  return {
    messageId: taskId,
    resourceType: entry.resourceType,
    resourceId: entry.resourceId,
    // The entry's user wins; the message header is the fallback for producers that only set that.
    userId: entry.userId ?? userId,
    ipAddress: entry.ipAddress,
    userAgent: entry.userAgent,
    path: entry.path,
    method: entry.method,
    statusCode: entry.statusCode,
    responseTime: entry.responseTime,
    occurredAt: new Date(entry.occurredAt),
  };
}
