/**
 * `pnpm bench task-headers [--n 200000]`
 *
 * The submit side's header building, old and new side by side in one process: a task
 * message's three (every task) or eight (all optional ones too) headers written with one
 * `MsgHdrs.set` per key (before) and in one step with `buildHeaders` (task-message.ts).
 * Prints ns and V8 heap bytes per message, rounds alternated; the encoded text of both is
 * checked equal first. Time per message needs a quiet machine; bytes do not.
 */

import { parseArgs } from 'node:util';
import { GCProfiler, getHeapStatistics } from 'node:v8';
import { type MsgHdrs, headers as natsHeaders } from '@nats-io/nats-core';
import { HEADERS } from '@repowiki/contracts';
import { buildHeaders } from '../src/client/task-message.js';

const { values } = parseArgs({ options: { n: { type: 'string', default: '200000' } } });
const n = Number(values.n);
const at = new Date('2026-12-01T09:00:00.000Z');

/** The headers of task `i`: the three every task has, or all eight. */
function entries(i: number, all: boolean): [string, string][] {
  const base: [string, string][] = [
    [HEADERS.taskId, `task-${i}`],
    [HEADERS.msgId, `task-${i}`],
    [HEADERS.submittedAt, at.toISOString()],
  ];
  if (!all) return base;
  return [
    ...base,
    [HEADERS.userId, 'user-1'],
    [HEADERS.correlationId, 'corr-1'],
    [HEADERS.parentId, 'parent-1'],
    [HEADERS.notBefore, at.toISOString()],
    [HEADERS.expires, at.toISOString()],
  ];
}

function viaSet(list: [string, string][]): MsgHdrs {
  const h = natsHeaders();
  for (const [k, v] of list) h.set(k, v);
  return h;
}

function viaRecord(list: [string, string][]): MsgHdrs {
  const record: Record<string, [string]> = {};
  for (const [k, v] of list) record[k] = [v];
  return buildHeaders(record);
}

for (const all of [false, true]) {
  if (viaSet(entries(7, all)).toString() !== viaRecord(entries(7, all)).toString()) {
    throw new Error('the two ways build different headers');
  }
}

let sink = 0;
function measure(build: (list: [string, string][]) => MsgHdrs, all: boolean): { ns: number; bytes: number } {
  const profiler = new GCProfiler();
  const usedAtStart = getHeapStatistics().used_heap_size;
  profiler.start();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) sink += build(entries(i, all)).code; // a getter: no allocation of its own
  const ns = ((performance.now() - t0) * 1e6) / n;
  const usedAtEnd = getHeapStatistics().used_heap_size;
  let allocated = 0;
  let after = usedAtStart;
  for (const s of profiler.stop()?.statistics ?? []) {
    allocated += s.beforeGC.heapStatistics.usedHeapSize - after;
    after = s.afterGC.heapStatistics.usedHeapSize;
  }
  allocated += usedAtEnd - after;
  return { ns, bytes: allocated / n };
}

measure(viaSet, true); // warm-up of both
measure(viaRecord, true);
console.log(`${n} task messages' headers, per message (the entry list built in both columns):`);
for (const all of [false, true]) {
  for (let round = 1; round <= 3; round++) {
    const a = measure(viaSet, all);
    const b = measure(viaRecord, all);
    console.log(
      `${all ? 8 : 3} headers, round ${round}: set per key ${a.ns.toFixed(0)} ns ${a.bytes.toFixed(0)} B | ` +
        `one step ${b.ns.toFixed(0)} ns ${b.bytes.toFixed(0)} B | ratio ${(b.ns / a.ns).toFixed(2)}× time, ${(b.bytes / a.bytes).toFixed(2)}× bytes`,
    );
  }
}
if (sink < 0) console.log(sink);
