import { describe, expect, it } from 'vitest';
import { BoundedFieldSplitter } from './bounded-fields.js';

/** Feeds `text` in chunks of `size` bytes, as a pipe may cut it. */
function feed(split: BoundedFieldSplitter, text: string, size: number) {
  const buf = Buffer.from(text);
  for (let i = 0; i < buf.length; i += size) split.push(buf.subarray(i, i + size));
  return split.end().map((r) => r.map((f) => [f.value.toString(), f.truncated]));
}

describe('BoundedFieldSplitter', () => {
  it('splits records and fields whatever the chunk boundaries', () => {
    for (const size of [1, 2, 3, 7, 1000]) {
      const split = new BoundedFieldSplitter([100, 100], 10);
      const { recordMark: r, fieldMark: f } = split;
      expect(feed(split, `noise${r}a${f}b${r}c${f}d`, size), `chunk ${size}`).toEqual([
        [
          ['a', false],
          ['b', false],
        ],
        [
          ['c', false],
          ['d', false],
        ],
      ]);
    }
  });

  it('keeps at most the cap of each field and says it cut', () => {
    const split = new BoundedFieldSplitter([3, 5], 10);
    const { recordMark: r, fieldMark: f } = split;
    expect(feed(split, `${r}abcdef${f}${'x'.repeat(100_000)}`, 4096)).toEqual([
      [
        ['abc', true],
        ['xxxxx', true],
      ],
    ]);
  });

  it('keeps at most maxRecords records', () => {
    const split = new BoundedFieldSplitter([10], 2);
    const r = split.recordMark;
    expect(feed(split, `${r}1${r}2${r}3${r}4`, 3)).toHaveLength(2);
  });

  it('cannot be fooled by separators of another run (a commit message cannot forge records)', () => {
    const other = new BoundedFieldSplitter([10, 10], 10);
    const split = new BoundedFieldSplitter([100, 100], 10);
    const forged = `${other.recordMark}evil${other.fieldMark}x`;
    const out = feed(split, `${split.recordMark}id${split.fieldMark}${forged}`, 5);
    expect(out).toEqual([
      [
        ['id', false],
        [forged, false],
      ],
    ]);
  });
});
