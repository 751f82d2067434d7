import { randomBytes } from 'node:crypto';
import { type MsgHdrs, headers as natsHeaders } from '@nats-io/nats-core';
import { HEADERS, QUEUES } from '@repowiki/contracts';
import { WORK } from './chaos-catalog.js';

/**
 * Bad messages for every subject the task streams capture. Every body is invalid for its
 * subject's schema (or not JSON, or not UTF-8), so each one must end up dead-lettered
 * exactly once; the headers vary from none at all to garbage.
 */
export interface FuzzMessage {
  subject: string;
  body: Uint8Array;
  headers: MsgHdrs | undefined;
  kind: string;
}

const enc = new TextEncoder();
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;
const HUGE = 256 * 1024;

/** Catalog subjects, unknown tasks and deeper subjects, on every queue. */
export const FUZZ_SUBJECTS = QUEUES.flatMap((q) => [WORK[q], `tasks.${q}.nope`, `tasks.${q}.a.b.c`]);

const BODIES: [string, () => Uint8Array][] = [
  ['random bytes', () => randomBytes(1 + Math.floor(Math.random() * 512))],
  ['empty', () => new Uint8Array()],
  ['NUL in non-JSON', () => enc.encode('not json \u0000 at all')],
  ['raw NUL in a JSON string', () => enc.encode('{"ms":"a\u0000b"}')],
  ['escaped NUL, wrong type', () => enc.encode('{"ms":"\\u0000"}')],
  ['escaped NUL key', () => enc.encode('{"ms":5,"\\u0000":1,"entry":"\\u0000"}')],
  ['lone surrogate, wrong type', () => enc.encode('{"ms":"\\ud800"}')],
  ['lone surrogate key', () => enc.encode('{"ms":5,"\\udc00x":"\\ud83d","entry":{"path":"\\ud800"}}')],
  ['invalid UTF-8 (CESU surrogate)', () => Uint8Array.from([0x7b, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d])],
  ['string ms', () => enc.encode('{"ms":"5"}')],
  ['null ms', () => enc.encode('{"ms":null}')],
  ['negative ms', () => enc.encode('{"ms":-1}')],
  ['fractional ms', () => enc.encode('{"ms":1.5}')],
  ['extra key', () => enc.encode('{"ms":5,"extra":true}')],
  ['array', () => enc.encode('[1,2,3]')],
  ['number', () => enc.encode('42')],
  ['string', () => enc.encode('"hello"')],
  ['null', () => enc.encode('null')],
  ['bad entry', () => enc.encode('{"entry":{"statusCode":"x","path":7}}')],
  ['huge string', () => enc.encode(`{"ms":"${'x'.repeat(HUGE)}"}`)],
  ['huge string with NULs', () => enc.encode(`{"ms":5,"pad":"${'\\u0000x'.repeat(HUGE / 8)}"}`)],
  ['deep nesting', () => enc.encode(`${'['.repeat(5_000)}${']'.repeat(5_000)}`)],
];

function garbage(len: number): string {
  const alphabet = 'abc!#$%&*()[]{}<>?/\\|~`^ü☃ 🦀';
  return Array.from({ length: len }, () => pick([...alphabet])).join('');
}

function fuzzHeaders(i: number): [string, MsgHdrs | undefined] {
  const unique = `${Date.now().toString(36)}-${i}`;
  const h = natsHeaders();
  switch (i % 7) {
    case 0:
      return ['no headers', undefined];
    case 1:
      h.set(HEADERS.msgId, `fuzz-${unique}`);
      return ['Nats-Msg-Id only', h];
    case 2:
      h.set(HEADERS.taskId, `${garbage(1 + (i % 200))}${unique}`);
      return ['garbage Task-Id', h];
    case 3:
      h.set(HEADERS.taskId, `${'T'.repeat(4_096)}${unique}`);
      return ['4 KB Task-Id', h];
    case 4:
      h.set(HEADERS.taskId, `fuzz-${unique}`);
      h.set(
        HEADERS.notBefore,
        pick(['yesterday', '99999-99-99T99:99:99Z', '', '1970-01-01T00:00:00Z', 'NaN']),
      );
      return ['garbage Task-Not-Before', h];
    case 5:
      h.set(HEADERS.taskId, `fuzz-${unique}`);
      h.set(HEADERS.userId, garbage(2_000));
      h.set(HEADERS.submittedAt, garbage(20));
      return ['garbage user and time', h];
    default:
      h.set('X-Garbage', garbage(100));
      h.set(HEADERS.parentId, garbage(50));
      h.set(HEADERS.correlationId, garbage(50));
      return ['unknown and garbage headers', h];
  }
}

export function fuzzMessage(i: number, subjectPrefix = ''): FuzzMessage {
  const [bodyKind, body] = pick(BODIES);
  const [headerKind, headers] = fuzzHeaders(i);
  return {
    subject: subjectPrefix + pick(FUZZ_SUBJECTS),
    body: body(),
    headers,
    kind: `${bodyKind} / ${headerKind}`,
  };
}
