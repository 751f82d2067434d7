import { type JetStreamManager, type JsMsg, jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { HEADERS } from '@repowiki/contracts';
import { test, uniqueName, waitFor } from '@repowiki/testkit';
import { describe, expect } from 'vitest';
import { type RawMessage, rawPublish } from '../../test/raw-publish.js';
import { emptyTaskHeaders, readTaskHeaders, type TaskHeaders } from './task-headers.js';

/**
 * readTaskHeaders cuts the task headers out of the raw header block that nats.js received
 * (a nats.js internal). Every case here goes through a real nats-server and JetStream: the
 * header bytes are written on a raw connection (HPUB), so blocks no client would build
 * (repeated keys, bad UTF-8, keys nats.js refuses) arrive exactly as written.
 */

const FIELDS: readonly (keyof TaskHeaders)[] = [
  'taskId',
  'msgId',
  'userId',
  'correlationId',
  'parentId',
  'submittedAt',
  'notBefore',
  'expires',
];

/** Publishes `messages` into a fresh stream and returns them as received by a consumer, in order. */
async function received(
  nc: NatsConnection,
  jsm: JetStreamManager,
  natsUrl: string,
  messages: RawMessage[],
): Promise<JsMsg[]> {
  const name = `${uniqueName('hd').toUpperCase()}_EVENTS`;
  const subject = `${name.toLowerCase()}.in`;
  await jsm.streams.add({ name, subjects: [subject] });
  try {
    await rawPublish(natsUrl, subject, messages);
    await waitFor(async () => (await jsm.streams.info(name)).state.messages === messages.length);
    const consumer = await jetstream(nc).consumers.get(name);
    const out: JsMsg[] = [];
    const iter = await consumer.fetch({ max_messages: messages.length, expires: 5_000 });
    for await (const m of iter) out.push(m);
    expect(out).toHaveLength(messages.length);
    return out;
  } finally {
    await jsm.streams.delete(name);
  }
}

/** What the public API (`m.headers`, MsgHdrs.get: exact key, first value) says; decodes the block. */
function viaMsgHdrs(m: JsMsg): TaskHeaders {
  const h = m.headers;
  const out = {} as TaskHeaders;
  for (const f of FIELDS) out[f] = h?.get(HEADERS[f]) ?? '';
  return out;
}

/** readTaskHeaders, asserting that it did not go through (and make) nats.js's MsgHdrs. */
function fast(m: JsMsg): TaskHeaders {
  const inner = (m as unknown as { msg: { _headers?: unknown } }).msg;
  expect(inner._headers, 'headers decoded before the test read them').toBeUndefined();
  const read = readTaskHeaders(m);
  expect(inner._headers, 'readTaskHeaders decoded a MsgHdrs: its raw path is not taken').toBeUndefined();
  return read;
}

const none: TaskHeaders = emptyTaskHeaders();

describe('readTaskHeaders on real deliveries', () => {
  test('odd header blocks read as MsgHdrs.get reads them', async ({ nc, jsm, natsUrl }) => {
    const cases: { name: string; message: RawMessage; expected: TaskHeaders }[] = [
      { name: 'no headers at all', message: {}, expected: none },
      { name: 'an empty header block', message: { lines: [] }, expected: none },
      {
        name: 'every task header',
        message: {
          lines: [
            'Task-Id: t-1',
            'Nats-Msg-Id: t-1',
            'Task-Submitted-At: 2026-12-01T09:00:00.000Z',
            'Task-User-Id: u-1',
            'Task-Correlation-Id: c-1',
            'Task-Parent-Id: p-1',
            'Task-Not-Before: 2026-12-01T10:00:00.000Z',
            'Task-Expires: 2026-12-02T10:00:00.000Z',
          ],
        },
        expected: {
          taskId: 't-1',
          msgId: 't-1',
          userId: 'u-1',
          correlationId: 'c-1',
          parentId: 'p-1',
          submittedAt: '2026-12-01T09:00:00.000Z',
          notBefore: '2026-12-01T10:00:00.000Z',
          expires: '2026-12-02T10:00:00.000Z',
        },
      },
      {
        name: 'only Nats-Msg-Id (another publisher)',
        message: { lines: ['Nats-Msg-Id: other-1'] },
        expected: { ...none, msgId: 'other-1' },
      },
      {
        name: 'a repeated key: the first value',
        message: { lines: ['Task-Id: first', 'Task-User-Id: u', 'Task-Id: second'] },
        expected: { ...none, taskId: 'first', userId: 'u' },
      },
      {
        name: 'an empty first value stays empty (not the repeat)',
        message: { lines: ['Task-Id:', 'Task-Id: second', 'Nats-Msg-Id: m-1'] },
        expected: { ...none, taskId: '', msgId: 'm-1' },
      },
      {
        name: 'blank values and surrounding white space',
        message: { lines: ['Task-User-Id:    ', 'Task-Parent-Id: \t p-2 \t', 'Task-Id:t-3'] },
        expected: { ...none, userId: '', parentId: 'p-2', taskId: 't-3' },
      },
      {
        name: 'non-ASCII values (UTF-8)',
        message: { lines: ['Task-User-Id: José Müller 🎉', 'Task-Correlation-Id: 関連-1'] },
        expected: { ...none, userId: 'José Müller 🎉', correlationId: '関連-1' },
      },
      {
        name: 'invalid UTF-8 in a value: U+FFFD, as nats.js decodes it',
        message: {
          lines: [
            Buffer.concat([Buffer.from('Task-User-Id: a'), Buffer.from([0xff, 0xfe]), Buffer.from('b')]),
          ],
        },
        expected: { ...none, userId: 'a\uFFFD\uFFFDb' },
      },
      {
        name: 'colons in a value',
        message: { lines: ['Task-Correlation-Id: a:b::c', 'Task-Id: x: y'] },
        expected: { ...none, correlationId: 'a:b::c', taskId: 'x: y' },
      },
      {
        name: 'keys matched exactly: other case, prefixes and suffixes are other headers',
        message: {
          lines: [
            'task-id: lower',
            'TASK-ID: upper',
            'Task-Id-Extra: longer',
            'X-Task-Id: prefixed',
            'Task-I: short',
          ],
        },
        expected: none,
      },
      {
        name: 'a line without a colon is skipped',
        message: { lines: ['Task-Id', 'Task-User-Id: u-4'] },
        expected: { ...none, userId: 'u-4' },
      },
      {
        name: 'the status line is not a header',
        message: { status: 'NATS/1.0 Task-Id: status', lines: ['Task-User-Id: u-5'] },
        expected: { ...none, userId: 'u-5' },
      },
    ];
    const msgs = await received(
      nc,
      jsm,
      natsUrl,
      cases.map((c) => c.message),
    );
    cases.forEach((c, i) => {
      const m = msgs[i]!;
      const read = fast(m);
      expect(read, c.name).toEqual(c.expected);
      expect(read, `${c.name}: as MsgHdrs.get`).toEqual(viaMsgHdrs(m));
    });
  });

  test('a header key nats.js refuses: m.headers throws, the task headers are still read', async ({
    nc,
    jsm,
    natsUrl,
  }) => {
    const [m] = await received(nc, jsm, natsUrl, [
      { lines: ['Task-Id: t-9', 'Bad Key: v', Buffer.from('Schlüssel: v'), 'Task-User-Id: u-9'] },
    ]);
    expect(fast(m!)).toEqual({ ...none, taskId: 't-9', userId: 'u-9' });
    expect(() => m!.headers).toThrow(/not a valid character/);
  });

  test('without the raw block (decoded already, or no nats.js internals) it reads the public headers', async ({
    nc,
    jsm,
    natsUrl,
  }) => {
    // Distinct Nats-Msg-Ids: the stream would drop the second as a duplicate.
    const lines = (msgId: string) => [
      'Task-Id: t-7',
      'Task-Id: t-8',
      'Task-User-Id: José',
      `Nats-Msg-Id: ${msgId}`,
    ];
    const [decodedFirst, wrapped, bare] = await received(nc, jsm, natsUrl, [
      { lines: lines('m-7') },
      { lines: lines('m-8') },
      {},
    ]);
    const expected = { ...none, taskId: 't-7', userId: 'José', msgId: 'm-7' };

    // Decoded already (someone read m.headers): the MsgHdrs is read, none is made again.
    const before = decodedFirst!.headers;
    expect(readTaskHeaders(decodedFirst!)).toEqual(expected);
    expect(decodedFirst!.headers).toBe(before);

    // A JsMsg whose internals are not what nats.js 3.x has: only its public `headers`.
    const onlyPublic = { headers: wrapped!.headers, subject: wrapped!.subject } as unknown as JsMsg;
    expect(readTaskHeaders(onlyPublic)).toEqual({ ...expected, msgId: 'm-8' });
    const oddInternals = {
      msg: { _msg: { hdr: 'x' }, _rdata: 'y' },
      headers: wrapped!.headers,
    } as unknown as JsMsg;
    expect(readTaskHeaders(oddInternals)).toEqual({ ...expected, msgId: 'm-8' });
    // Internals of the expected shape whose bytes are not a header block (a nats.js that
    // laid them out otherwise): not parsed as one, the public headers are read.
    const otherLayout = {
      msg: { _msg: { hdr: 22 }, _rdata: Buffer.from('Task-Id: wrong\r\nTask-Id: x\r\n\r\n') },
      headers: wrapped!.headers,
    } as unknown as JsMsg;
    expect(readTaskHeaders(otherLayout)).toEqual({ ...expected, msgId: 'm-8' });
    // ... and whose public headers nats.js refuses to decode: nothing read, nothing thrown
    // (a throw here would hand the message back to the stream forever).
    const refused = {
      msg: { _msg: { hdr: 22 }, _rdata: Buffer.from('Task-Id: wrong\r\nTask-Id: x\r\n\r\n') },
      get headers(): never {
        throw new Error("'Bad Key' is not a valid character in a header name");
      },
    } as unknown as JsMsg;
    expect(readTaskHeaders(refused)).toEqual(none);

    // No headers through either path.
    expect(fast(bare!)).toEqual(none);
    expect(readTaskHeaders({ headers: undefined } as unknown as JsMsg)).toEqual(none);
  });
});
