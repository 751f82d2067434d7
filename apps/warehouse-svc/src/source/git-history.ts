import type { WarehouseConfig } from '../config/warehouse-config.js';
import type { AcquiredSource } from './acquire-source.js';
import { runGit } from './git-runner.js';

export interface CommitInfo {
  readonly id: string;
  readonly author: string;
  readonly date: Date;
  readonly title: string;
  readonly body: string;
  /** Files the commit touched (repository-relative). */
  readonly files: readonly string[];
}

const FIELD = '\x1f';
const RECORD = '\x1e';

/** Newest first. `range` is `<from>..<to>` or a single commit; `limit` caps the count. */
export async function readCommits(root: string, range: string, limit: number): Promise<CommitInfo[]> {
  const { stdout } = await runGit(
    [
      'log',
      `-n${limit}`,
      '--no-renames',
      '--name-only',
      `--format=${RECORD}%H${FIELD}%an${FIELD}%aI${FIELD}%s${FIELD}%b${FIELD}`,
      range,
      '--',
    ],
    { cwd: root, timeoutMs: 60_000 },
  );
  const commits: CommitInfo[] = [];
  for (const record of stdout.toString('utf8').split(RECORD)) {
    if (!record.trim()) continue;
    const [id, author, date, title, body, files] = record.split(FIELD);
    if (!id || !date) continue;
    commits.push({
      id,
      author: author ?? '',
      date: new Date(date),
      title: title ?? '',
      body: (body ?? '').trim(),
      files: (files ?? '').split('\n').filter(Boolean),
    });
  }
  return commits;
}

/** Paths added, modified or deleted between two commits. */
export async function changedPaths(root: string, from: string, to: string): Promise<Set<string>> {
  const { stdout } = await runGit(['diff', '--name-only', '-z', '--no-renames', from, to, '--'], {
    cwd: root,
    timeoutMs: 60_000,
  });
  return new Set(stdout.toString('utf8').split('\0').filter(Boolean));
}

/**
 * Fetches the tracked branch and moves the work tree to it. Returns the new HEAD.
 * Same limits as a clone: a stalled remote cannot hold the task forever.
 */
export async function fetchLatest(
  source: AcquiredSource,
  branch: string,
  config: WarehouseConfig,
  signal: AbortSignal,
): Promise<string> {
  const location = source.location;
  await runGit(['fetch', '--progress', '--no-tags', 'origin', branch ? `refs/heads/${branch}` : 'HEAD'], {
    cwd: source.root,
    timeoutMs: config.cloneTimeoutMs,
    maxReceiveBytes: config.maxCloneBytes,
    signal,
    credential: location.kind === 'remote' ? config.gitCredentials[location.host] : undefined,
    allowFileProtocol: location.kind === 'local-git',
  });
  await runGit(['reset', '--hard', '--quiet', 'FETCH_HEAD'], { cwd: source.root, timeoutMs: 120_000 });
  const { stdout } = await runGit(['rev-parse', 'HEAD'], { cwd: source.root, timeoutMs: 10_000 });
  return stdout.toString('utf8').trim();
}
