import type { DbClient } from '@repowiki/db';
import { textArray } from '@repowiki/db';

export async function softDeletePages(db: DbClient, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.sql`update document_catalogs set is_deleted = true, deleted_at = now(), updated_at = now() where id = any(${textArray(ids)}::text::uuid[])`;
}
