import { randomBytes } from 'node:crypto';

/** One field of a record; `truncated` when it was longer than its cap. */
export interface BoundedField {
  readonly value: Buffer;
  readonly truncated: boolean;
}

/**
 * Splits git output into records and fields at separators the repository cannot forge
 * (a random token per run; a commit message could hold any fixed byte), keeping at most
 * `caps[i]` bytes of field i and dropping the rest as it streams by: a 200 MB commit
 * message costs a few KiB, not 200 MB. Put `recordMark` before each record and
 * `fieldMark` between fields in git's `--format`.
 */
export class BoundedFieldSplitter {
  private readonly token = randomBytes(12).toString('hex');
  readonly recordMark = `${this.token}R`;
  readonly fieldMark = `${this.token}F`;
  private readonly needle = Buffer.from(this.token, 'latin1');
  private readonly records: BoundedField[][] = [];
  private current: { parts: Buffer[]; size: number; truncated: boolean }[] | undefined;
  /** Bytes not yet known to hold no separator (a token can straddle two chunks). */
  private pending = Buffer.alloc(0);

  constructor(
    private readonly caps: readonly number[],
    private readonly maxRecords: number,
  ) {}

  push(chunk: Buffer): void {
    let buf = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    for (;;) {
      const at = buf.indexOf(this.needle);
      // The kind letter after the token must be here too.
      if (at < 0 || at + this.needle.length >= buf.length) break;
      this.append(buf.subarray(0, at));
      const kind = buf[at + this.needle.length];
      if (kind === 0x52 /* R */) this.startRecord();
      else if (kind === 0x46 /* F */) this.current?.push({ parts: [], size: 0, truncated: false });
      buf = buf.subarray(at + this.needle.length + 1);
    }
    // Keep what could be the start of a token; everything before it is plain data.
    const keep = Math.min(buf.length, this.needle.length);
    this.append(buf.subarray(0, buf.length - keep));
    this.pending = Buffer.from(buf.subarray(buf.length - keep));
  }

  /** The records, once git has exited. */
  end(): BoundedField[][] {
    this.append(this.pending);
    this.pending = Buffer.alloc(0);
    this.finishRecord();
    return this.records;
  }

  private startRecord(): void {
    this.finishRecord();
    this.current =
      this.records.length < this.maxRecords ? [{ parts: [], size: 0, truncated: false }] : undefined;
  }

  private finishRecord(): void {
    if (!this.current) return;
    this.records.push(this.current.map((f) => ({ value: Buffer.concat(f.parts), truncated: f.truncated })));
    this.current = undefined;
  }

  private append(data: Buffer): void {
    const fields = this.current;
    const index = (fields?.length ?? 0) - 1;
    const field = fields?.[index];
    if (!field || data.length === 0) return;
    const cap = this.caps[index] ?? 0;
    const room = cap - field.size;
    if (data.length > room) field.truncated = true;
    if (room <= 0) return;
    const kept = Buffer.from(data.subarray(0, room));
    field.parts.push(kept);
    field.size += kept.length;
  }
}
