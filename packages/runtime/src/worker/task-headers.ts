import type { JsMsg } from '@nats-io/jetstream';
import type { MsgHdrs } from '@nats-io/nats-core';
import { HEADERS } from '@repowiki/contracts';
import { decodedHeaders } from '../nats/decoded-headers.js';

/** The headers a delivery's envelope is read from: the first value of each, '' if absent. */
export interface TaskHeaders {
  taskId: string;
  msgId: string;
  userId: string;
  correlationId: string;
  parentId: string;
  submittedAt: string;
  notBefore: string;
  expires: string;
}

/**
 * What nats.js (MsgImpl, under JsMsgImpl.msg) keeps of a received message: the raw bytes
 * (headers first, `_msg.hdr` bytes of them, -1 for none) and the decoded MsgHdrs once read.
 * Internal to nats.js: every field is checked before use, and anything unexpected falls
 * back to the public `headers`.
 */
interface RawMsg {
  _msg?: { hdr?: unknown };
  _rdata?: unknown;
  _headers?: unknown;
}

/** Task headers with every value absent (''). */
export function emptyTaskHeaders(): TaskHeaders {
  return {
    taskId: '',
    msgId: '',
    userId: '',
    correlationId: '',
    parentId: '',
    submittedAt: '',
    notBefore: '',
    expires: '',
  };
}

/** How every header block starts (nats.js checks the same before decoding). */
const STATUS_LINE = 'NATS/1.';

const TEXT = new TextDecoder(); // as nats.js decodes headers: invalid UTF-8 becomes U+FFFD

/**
 * Reads the task headers of a delivery. `m.headers` decodes the header block into a MsgHdrs:
 * split into lines, and for every header a canonicalised key (through a char array), two
 * copies of the key list and a value array; with eight headers that was the largest
 * allocation of a delivery. Here the block is decoded to one string and only the wanted
 * values are cut out of it. Matching is the same as `MsgHdrs.get` after nats.js's decode:
 * exact key, first value, value trimmed, the status line skipped. A header line nats.js would
 * refuse (a key with a space or a non-ASCII character: `m.headers` throws) is skipped here.
 */
export function readTaskHeaders(m: JsMsg): TaskHeaders {
  const out = emptyTaskHeaders();
  const raw = (m as unknown as { msg?: RawMsg }).msg;
  const hdr = raw?._msg?.hdr;
  const bytes = raw?._rdata;
  if (
    raw !== undefined &&
    raw._headers === undefined &&
    typeof hdr === 'number' &&
    bytes instanceof Uint8Array &&
    hdr <= bytes.length
  ) {
    if (hdr <= 0) return out;
    const text = TEXT.decode(bytes.subarray(0, hdr));
    // Only a block that is what the internals were taken to be: a NATS/1.x status line.
    if (text.startsWith(STATUS_LINE)) {
      readBlock(text, out);
      return out;
    }
  }
  // decodedHeaders: undefined, not a throw, for a block nats.js refuses.
  readMsgHdrs(decodedHeaders(m), out);
  return out;
}

/** Bit of each wanted header in `seen` (first value wins). */
const BIT = {
  taskId: 1,
  msgId: 2,
  userId: 4,
  correlationId: 8,
  parentId: 16,
  submittedAt: 32,
  notBefore: 64,
  expires: 128,
} as const;

/** Every field of TaskHeaders. */
export const TASK_HEADER_FIELDS = Object.keys(BIT) as readonly (keyof TaskHeaders)[];

/** The wanted keys and their fields; a line is compared on its key's length first. */
const WANTED: readonly (readonly [string, keyof TaskHeaders])[] = TASK_HEADER_FIELDS.map(
  (field) => [HEADERS[field], field] as const,
);

function readBlock(text: string, out: TaskHeaders): void {
  let seen = 0;
  // The first line is the status line (`NATS/1.0`, maybe a code): never a header.
  let at = text.indexOf('\r\n');
  while (at !== -1) {
    const start = at + 2;
    const end = text.indexOf('\r\n', start);
    const lineEnd = end === -1 ? text.length : end;
    at = end;
    const colon = text.indexOf(':', start);
    if (colon === -1 || colon >= lineEnd) continue;
    const keyLength = colon - start;
    for (const [key, field] of WANTED) {
      if (key.length !== keyLength || !text.startsWith(key, start)) continue;
      const bit = BIT[field];
      if ((seen & bit) === 0) {
        seen |= bit;
        out[field] = text.slice(colon + 1, lineEnd).trim();
      }
      break;
    }
  }
}

/** The public path (decoded headers): one pass over its entries. */
function readMsgHdrs(h: MsgHdrs | undefined, out: TaskHeaders): void {
  if (!h) return;
  for (const [key, values] of h) {
    const field = FIELD_OF_KEY.get(key);
    if (field) out[field] = values[0] ?? '';
  }
}

/** WANTED as a lookup by header key, for the public path. */
const FIELD_OF_KEY = new Map(WANTED);
