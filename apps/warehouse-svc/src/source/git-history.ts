import { rm } from 'node:fs/promises';
import type { WarehouseConfig } from '../config/warehouse-config.js';
import type { AcquiredSource } from './acquire-source.js';
import { type BoundedField, BoundedFieldSplitter } from './bounded-fields.js';
import { checkOutWithinLimit } from './check-out.js';
import { runGit } from './git-runner.js';
import { GitCommandError } from './source.errors.js';
import { gitSourceOf } from './url-policy.js';

export interface CommitInfo {
  readonly id: string;
  readonly author: string;
  readonly date: Date;
  /** At most COMMIT_FIELD_CAPS.title bytes, `…` appended when cut. */
  readonly title: string;
  /** At most COMMIT_FIELD_CAPS.body bytes, `…` appended when cut. */
  readonly body: string;
  /** Files the commit touched (repository-relative); the first ~64 KiB of names. */
  readonly files: readonly string[];
}

/**
 * Bytes kept of each field of a commit; the rest is dropped as git streams it (a commit
 * message can be hundreds of MB). The title and body are stored in the update log.
 */
export const COMMIT_FIELD_CAPS = {
  id: 64,
  author: 256,
  date: 64,
  title: 1_000,
  body: 8_192,
  files: 64 * 1024,
} as const;

/** Newest first. `range` is `<from>..<to>` or a single commit; `limit` caps the count. */
export async function readCommits(root: string, range: string, limit: number): Promise<CommitInfo[]> {
  const c = COMMIT_FIELD_CAPS;
  const split = new BoundedFieldSplitter([c.id, c.author, c.date, c.title, c.body, c.files], limit);
  const f = split.fieldMark;
  await runGit(
    [
      'log',
      `-n${limit}`,
      '--no-renames',
      '--no-ext-diff',
      '--no-textconv',
      '--name-only',
      '-z',
      `--format=${split.recordMark}%H${f}%an${f}%aI${f}%s${f}%b${f}`,
      range,
      '--',
    ],
    { cwd: root, timeoutMs: 60_000, onStdout: (chunk) => split.push(chunk) },
  );
  const commits: CommitInfo[] = [];
  for (const [id, author, date, title, body, files] of split.end()) {
    const sha = id?.value.toString('latin1') ?? '';
    if (!/^[0-9a-f]{40,64}$/.test(sha) || !date) continue;
    commits.push({
      id: sha,
      author: text(author),
      date: new Date(date.value.toString('latin1')),
      title: text(title),
      body: text(body).trim(),
      files: (files?.value.toString('utf8') ?? '')
        .split(/[\0\n]/)
        .filter(Boolean)
        .slice(0, files?.truncated ? -1 : undefined),
    });
  }
  return commits;
}

/** UTF-8 text of a field; a cut one loses its broken last character and ends in `…`. */
function text(field: BoundedField | undefined): string {
  if (!field) return '';
  const value = field.value.toString('utf8');
  return field.truncated ? `${value.replace(/\uFFFD$/, '')}…` : value;
}

/** Paths added, modified or deleted between two commits. */
export async function changedPaths(root: string, from: string, to: string): Promise<Set<string>> {
  const { stdout } = await runGit(
    ['diff', '--name-only', '-z', '--no-renames', '--no-ext-diff', '--no-textconv', from, to, '--'],
    { cwd: root, timeoutMs: 60_000 },
  );
  return new Set(stdout.toString('utf8').split('\0').filter(Boolean));
}

/**
 * Fetches the tracked branch into our clone and moves the work tree to it. Returns the
 * new HEAD. Same limits as a clone (time, disk use of git data plus checkout); a clone
 * grown over the size limit is removed, so the next run starts from a fresh clone.
 */
export async function fetchLatest(
  source: AcquiredSource,
  branch: string,
  config: WarehouseConfig,
  signal: AbortSignal,
): Promise<string> {
  const location = source.location;
  // From the address checked just now, not the clone's stored `origin`.
  const from = gitSourceOf(location);
  if (!from) throw new Error('a plain directory has nothing to fetch');
  try {
    await runGit(['fetch', '--progress', '--no-tags', from, branch ? `refs/heads/${branch}` : 'HEAD'], {
      cwd: source.root,
      timeoutMs: config.cloneTimeoutMs,
      maxReceiveBytes: config.maxCloneBytes,
      disk: { dir: source.root, maxBytes: config.maxCloneBytes },
      signal,
      transport: location.kind === 'remote' ? location : 'file',
      credential: location.kind === 'remote' ? config.gitCredentials[location.host] : undefined,
    });
    await checkOutWithinLimit(source.root, 'FETCH_HEAD', config, signal);
  } catch (e) {
    if (e instanceof GitCommandError && e.failure === 'too_large') {
      await rm(source.root, { recursive: true, force: true });
    }
    throw e;
  }
  const { stdout } = await runGit(['rev-parse', 'HEAD'], { cwd: source.root, timeoutMs: 10_000 });
  return stdout.toString('utf8').trim();
}
