import { headers } from '@nats-io/nats-core';
import { describe, expect, it } from 'vitest';
import { releasedHeaders } from './park-row.js';

describe('releasedHeaders', () => {
  it('keeps the task headers, makes the task id explicit, drops Nats-*, Task-Not-Before and Task-Queued-Since', () => {
    const h = headers();
    h.set('Nats-Msg-Id', 'original-id');
    h.set('Task-Id', 'stale');
    h.set('Task-User-Id', 'u1');
    h.set('Task-Correlation-Id', 'c1');
    h.set('Task-Parent-Id', 'p1');
    h.set('Task-Not-Before', '2030-01-01T00:00:00.000Z');
    h.set('Task-Queued-Since', '2026-01-01T00:00:00.000Z');
    h.append('X-Custom', 'a');
    h.append('X-Custom', 'b');
    expect(releasedHeaders(h, 'task-1')).toEqual([
      ['Task-User-Id', 'u1'],
      ['Task-Correlation-Id', 'c1'],
      ['Task-Parent-Id', 'p1'],
      ['X-Custom', 'a'],
      ['X-Custom', 'b'],
      ['Task-Id', 'task-1'],
    ]);
  });

  it('gives a message without headers its task id', () => {
    expect(releasedHeaders(undefined, 'RT_X_TASKS_WAREHOUSE:7')).toEqual([
      ['Task-Id', 'RT_X_TASKS_WAREHOUSE:7'],
    ]);
  });
});
