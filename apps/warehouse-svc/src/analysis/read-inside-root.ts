import { closeSync, constants, fstatSync, openSync, readlinkSync, readSync, realpathSync } from 'node:fs';
import { realpath } from 'node:fs/promises';

export type ReadOutcome =
  | { readonly ok: true; readonly content: Buffer }
  | {
      readonly ok: false;
      readonly reason: 'outside' | 'symlink' | 'not-a-file' | 'too-large' | 'unreadable';
    };

/** O_NOFOLLOW: a symlink as the last component fails; O_NONBLOCK: a FIFO cannot hang us. */
const FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/**
 * Reads files of one tree, refusing any that does not really live under its root: the
 * file is opened first, then the path of the OPENED file (`/proc/self/fd`, or realpath
 * where there is no /proc) must lie under the root's real path. So a symlinked directory
 * anywhere on the path, or one swapped in after the listing, cannot lead outside; and a
 * file is never read past `maxBytes`, whatever its size was when it was listed.
 *
 * Reads are synchronous: a file costs five system calls of microseconds each (open, readlink,
 * fstat, read, close), and through the libuv pool each would cost a thread hop and a promise
 * (≈ 4× the CPU, measured on 2,150 files: 150–200 ms against 35 ms). Callers read a few
 * files at a time, so the event loop waits no longer than those reads.
 */
export class RootReader {
  private constructor(private readonly realRoot: Buffer) {}

  static async open(root: string): Promise<RootReader> {
    return new RootReader(Buffer.from(`${await realpath(root)}/`));
  }

  /** `raw`: the repository-relative path as bytes (names need not be UTF-8). */
  read(raw: Buffer, maxBytes: number): ReadOutcome {
    const path = Buffer.concat([this.realRoot, raw]);
    let fd: number;
    try {
      fd = openSync(path, FLAGS);
    } catch (e: unknown) {
      return { ok: false, reason: (e as { code?: string }).code === 'ELOOP' ? 'symlink' : 'unreadable' };
    }
    try {
      const real = openedPath(fd, path);
      const inside = real?.subarray(0, this.realRoot.length).equals(this.realRoot) ?? false;
      if (!inside) return { ok: false, reason: 'outside' };
      const st = fstatSync(fd);
      if (!st.isFile()) return { ok: false, reason: 'not-a-file' };
      if (st.size > maxBytes) return { ok: false, reason: 'too-large' };
      // One byte more than allowed tells a file that grew since stat.
      const buf = Buffer.alloc(Math.min(st.size, maxBytes) + 1);
      let length = 0;
      while (length < buf.length) {
        const bytesRead = readSync(fd, buf, length, buf.length - length, length);
        if (bytesRead === 0) break;
        length += bytesRead;
      }
      if (length > maxBytes) return { ok: false, reason: 'too-large' };
      return { ok: true, content: buf.subarray(0, length) };
    } catch {
      return { ok: false, reason: 'unreadable' };
    } finally {
      closeSync(fd);
    }
  }
}

/** Where the opened file really is (bytes), or undefined when that cannot be told. */
function openedPath(fd: number, path: Buffer): Buffer | undefined {
  try {
    return readlinkSync(`/proc/self/fd/${fd}`, { encoding: 'buffer' });
  } catch {
    try {
      return realpathSync(path, { encoding: 'buffer' });
    } catch {
      return undefined;
    }
  }
}
