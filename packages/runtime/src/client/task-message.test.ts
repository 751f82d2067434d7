import { headers as natsHeaders } from '@nats-io/nats-core';
import { HEADERS } from '@repowiki/contracts';
import { describe, expect, it } from 'vitest';
import { buildHeaders, taskMessage } from './task-message.js';

/** The headers as MsgHdrs.set builds them, one call per key (the path buildHeaders replaces). */
function viaSet(values: Record<string, string>) {
  const h = natsHeaders();
  for (const k in values) h.set(k, values[k]!);
  return h;
}

const submittedAt = new Date('2026-12-01T09:00:00.000Z');

describe('task message headers', () => {
  it('are the bytes MsgHdrs.set writes: same keys, order, trimmed and non-ASCII values', () => {
    const values = {
      [HEADERS.taskId]: 't-1',
      [HEADERS.msgId]: 't-1',
      [HEADERS.submittedAt]: submittedAt.toISOString(),
      [HEADERS.userId]: '  José 🎉 ',
      [HEADERS.correlationId]: '関連:1',
      [HEADERS.parentId]: '',
    };
    const record = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, [v] as [string]]));
    const built = buildHeaders(record);
    // toString() is what MsgHdrsImpl.encode() puts on the wire.
    expect(built.toString()).toBe(viaSet(values).toString());
    expect(built.get(HEADERS.userId)).toBe('José 🎉');
    expect(built.get(HEADERS.parentId)).toBe('');
  });

  it('a value with a line break is refused as MsgHdrs.set refuses it', () => {
    for (const bad of ['a\r\nTask-Id: forged', 'a\nb', 'a\rb']) {
      let expected: unknown;
      try {
        viaSet({ [HEADERS.userId]: bad });
      } catch (e) {
        expected = e;
      }
      expect(expected).toBeInstanceOf(Error);
      const src = { id: 't-2', subject: 'x.tasks.warehouse.noop', body: '{}', correlationId: null };
      expect(() =>
        taskMessage({ ...src, userId: bad, parentId: null, notBefore: null, submittedAt }),
      ).toThrow((expected as Error).message);
    }
  });

  it('taskMessage: optional headers only when set, dates as ISO text', () => {
    const notBefore = new Date('2026-12-01T10:00:00.000Z');
    const m = taskMessage({
      id: 't-3',
      subject: 'x.tasks.warehouse.noop',
      body: '{"i":1}',
      userId: null,
      correlationId: 'c-3',
      parentId: null,
      notBefore,
      expiresAt: null,
      submittedAt,
    });
    expect(m.msgId).toBe('t-3');
    expect(m.headers.keys().sort()).toEqual(
      [HEADERS.taskId, HEADERS.msgId, HEADERS.submittedAt, HEADERS.correlationId, HEADERS.notBefore].sort(),
    );
    expect(m.headers.get(HEADERS.notBefore)).toBe(notBefore.toISOString());
    expect(m.headers.get(HEADERS.submittedAt)).toBe(submittedAt.toISOString());
  });
});
