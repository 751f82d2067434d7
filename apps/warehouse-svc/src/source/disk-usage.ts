import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Bytes under `dir`: the sizes of every file, directory and symlink, links never followed.
 * Entries that vanish while we walk (git renames its temp files) count as 0; a missing
 * `dir` is 0. This is what a clone really put on disk, whatever git printed about it.
 */
export async function diskUsage(dir: string): Promise<number> {
  let total = 0;
  const pending = [dir];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const current = next;
    const st = await lstat(current).catch(() => undefined);
    if (!st) continue;
    total += st.size;
    if (!st.isDirectory()) continue;
    const names = await readdir(current).catch(() => [] as string[]);
    for (const name of names) pending.push(join(current, name));
  }
  return total;
}

/**
 * Measures `dir` again and again until stopped, and calls `onExceeded` once when it holds
 * more than `maxBytes`. Bounds a clone or checkout while git runs: how far it can overshoot
 * is what git writes in one rest plus one walk. The rest is `intervalMs`, or as long as
 * the last walk took if that was longer (a checkout of 100,000 files), so measuring never
 * costs more than about half a core.
 * @returns stop(): MUST be called when git exits.
 */
export function watchDiskUsage(
  dir: string,
  maxBytes: number,
  onExceeded: (bytes: number) => void,
  intervalMs = 200,
): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    const started = performance.now();
    const bytes = await diskUsage(dir);
    if (stopped) return;
    if (bytes > maxBytes) {
      stopped = true;
      onExceeded(bytes);
      return;
    }
    timer = setTimeout(tick, Math.max(intervalMs, performance.now() - started));
  };
  timer = setTimeout(tick, intervalMs);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
