import { test } from '@repowiki/testkit';
import { describe, expect } from 'vitest';
import type { ParkRow } from './park-row.js';
import { insertParkRows } from './park-rows.js';

const row = (taskId: string, sourceSeq: number): ParkRow => ({
  stream: 'TASKS_WAREHOUSE',
  sourceSeq,
  subject: 'tasks.warehouse.process',
  taskId,
  userId: 'u1',
  kind: 'throttled',
  dueAt: new Date(),
  headers: Buffer.from('[]'),
  body: Buffer.from('{}'),
});

describe('parking', () => {
  test('a redelivery of a parked message inserts nothing; a re-created stream reusing its sequence does not lose the new message', async ({
    dbClient,
  }) => {
    const sql = dbClient.ledgerSql;
    await insertParkRows(sql, [row('old-task', 7)]);
    // Its ack was lost: the same message (same stream, sequence, task) comes again.
    await insertParkRows(sql, [row('old-task', 7)]);
    // The stream was deleted and re-created: sequence 7 is now another task's message.
    await insertParkRows(sql, [row('new-task', 7)]);
    const parked = await sql<{ task_id: string }[]>`
      select task_id from task_timers where stream = 'TASKS_WAREHOUSE' and source_seq = 7 order by task_id`;
    expect(parked.map((r) => r.task_id)).toEqual(['new-task', 'old-task']);
  });
});
