import { constants, type ReadStream } from 'node:fs';
import { open, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { NonRetriableError } from '@repowiki/runtime';

/** Backups are private to the service's user: folders 0700, files 0600. */
export const FOLDER_MODE = 0o700;
export const FILE_MODE = 0o600;

/** A file of a backup that is a symlink is refused (ELOOP), never followed. */
const READ_NO_FOLLOW = constants.O_RDONLY | constants.O_NOFOLLOW;

/**
 * The real path of a backup folder named by a task's payload (absolute, or relative to
 * BACKUP_DIR). Checked twice: the text (no `..`, no other directory) and, after resolving
 * every symlink, the real path: a symlink inside BACKUP_DIR that leads out of it is refused.
 * @throws NonRetriableError (`bad_path`) for anything outside BACKUP_DIR or not a folder
 */
export async function resolveBackupFolder(backupDir: string, path: string): Promise<string> {
  const full = isAbsolute(path) ? resolve(path) : resolve(backupDir, path);
  if (!isStrictlyInside(resolve(backupDir), full)) throw outside(path, backupDir);
  let root: string;
  let real: string;
  try {
    root = await realpath(backupDir);
    real = await realpath(full);
  } catch (e) {
    throw new NonRetriableError(`${path} is not a backup inside BACKUP_DIR (${backupDir})`, {
      cause: e,
      code: 'bad_path',
    });
  }
  if (!isStrictlyInside(root, real) || !(await stat(real)).isDirectory()) throw outside(path, backupDir);
  return real;
}

function isStrictlyInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

function outside(path: string, backupDir: string): NonRetriableError {
  return new NonRetriableError(`${path} is not a backup inside BACKUP_DIR (${backupDir})`, {
    code: 'bad_path',
  });
}

/**
 * A whole (small) file of a backup folder; a symlink or anything but a regular file is refused.
 * @throws NonRetriableError (`missing_file`)
 */
export async function readBackupFile(folder: string, name: string): Promise<Buffer> {
  const path = join(folder, name);
  try {
    const file = await open(path, READ_NO_FOLLOW);
    try {
      if (!(await file.stat()).isFile()) throw new Error('not a regular file');
      return await file.readFile();
    } finally {
      await file.close();
    }
  } catch (e) {
    throw missingFile(path, e);
  }
}

/**
 * A stream of a backup's table file (closed at its end), refusing a symlink.
 * @throws NonRetriableError (`missing_file`)
 */
export async function backupFileStream(folder: string, name: string): Promise<ReadStream> {
  const path = join(folder, name);
  try {
    const file = await open(path, READ_NO_FOLLOW);
    if ((await file.stat()).isFile()) return file.createReadStream();
    await file.close();
    throw new Error('not a regular file');
  } catch (e) {
    throw missingFile(path, e);
  }
}

export function missingFile(path: string, cause: unknown): NonRetriableError {
  return new NonRetriableError(`${path} is missing, unreadable or a symlink`, {
    cause,
    code: 'missing_file',
  });
}
