import { randomUUID } from 'node:crypto';
import type { AccessEntry } from '@repowiki/contracts';
import type { BatchItem } from '@repowiki/runtime';

/** A valid one-entry access-log message (the earlier shape, still accepted) as the worker hands it to the batch handler. */
export function accessItem(
  entry: Partial<AccessEntry> = {},
  taskId = randomUUID(),
): BatchItem<'tasks.accesslog.record'> & { payload: { entry: AccessEntry } } {
  return {
    taskId,
    userId: null,
    payload: {
      entry: {
        resourceType: 'repository',
        resourceId: 'acme/wiki',
        userId: null,
        ipAddress: '203.0.113.9',
        userAgent: 'vitest',
        path: '/acme/wiki',
        method: 'GET',
        statusCode: 200,
        responseTime: 12.5,
        occurredAt: new Date().toISOString(),
        ...entry,
      },
    },
  };
}
