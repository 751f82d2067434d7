import * as contracts from '@repowiki/contracts';
import * as runtime from '@repowiki/runtime/client';
import { describe, expect, it } from 'vitest';
import { DEV_DATABASE_URL, QUEUES, redactNatsUrls, TASK_STATES, WAREHOUSE_STATUSES } from './names.js';

describe('the names the command table spells itself', () => {
  it('are those of @repowiki/contracts', () => {
    expect(QUEUES).toEqual(contracts.QUEUES);
    expect(TASK_STATES).toEqual(contracts.TASK_STATES);
    expect(WAREHOUSE_STATUSES).toEqual(contracts.WarehouseStatusSchema.options);
  });

  it('are those of @repowiki/runtime/client', () => {
    expect(DEV_DATABASE_URL).toBe(runtime.DEV_DATABASE_URL);
    for (const urls of [
      'nats://127.0.0.1:4222',
      'nats://alice:s3cret@nats-1:4222,nats://bob:pw@nats-2:4222',
      'tls://token@nats:4222',
      ' nats://u:p:q@h:1 , nats://h2 ',
      'u:p@host',
      '',
    ]) {
      expect(redactNatsUrls(urls), urls).toBe(runtime.redactNatsUrls(urls));
    }
    expect(redactNatsUrls('nats://alice:s3cret@nats-1:4222')).not.toContain('s3cret');
  });
});
