import { type Dirent, existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Directories that are never part of the documented source. */
const IGNORED_DIRS = new Set([
  '.git',
  'node_modules',
  '.venv',
  '__pycache__',
  'dist',
  'build',
  'target',
  'vendor',
]);

/** Files read from a clone, at most. @default 20_000 */
export const MAX_LISTED_FILES = 20_000;

/**
 * Repository-relative paths of the regular files in a clone (breadth first, so the top of
 * the tree is always complete). Symbolic links are skipped, never followed: a link may
 * point outside the clone. Returns [] when the directory does not exist (not cloned here).
 */
export async function listRepositoryFiles(root: string, max = MAX_LISTED_FILES): Promise<string[]> {
  if (!root || !existsSync(root)) return [];
  const files: string[] = [];
  const queue = [''];
  while (queue.length > 0 && files.length < max) {
    const dir = queue.shift()!;
    let entries: Dirent[];
    try {
      entries = await readdir(join(root, dir), { withFileTypes: true });
    } catch {
      continue; // unreadable directory: skip it, the rest of the tree is still useful
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const path = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory() && !IGNORED_DIRS.has(entry.name)) queue.push(path);
      else if (entry.isFile()) files.push(path);
      if (files.length >= max) break;
    }
  }
  return files;
}
