import type { DbClient } from '@repowiki/db';
import type { CommitInfo } from '../source/git-history.js';

/** Idempotent: a commit already recorded for the warehouse is left as it is. */
export async function appendCommitRecords(
  db: DbClient,
  warehouseId: string,
  commits: readonly CommitInfo[],
): Promise<number> {
  if (commits.length === 0) return 0;
  const rows = commits.map((c) => ({
    warehouse_id: warehouseId,
    commit_id: c.id,
    commit_message: c.body ? `${c.title}\n\n${c.body}` : c.title,
    title: c.title,
    description: c.files.slice(0, 20).join(', '),
    author: c.author,
    last_update: c.date.toISOString(),
  }));
  const inserted =
    await db.sql`insert into document_commit_records ${db.sql(rows)} on conflict (warehouse_id, commit_id) do nothing returning id`;
  return inserted.length;
}
