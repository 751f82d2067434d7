import type { DbClient } from '@repowiki/db';

export async function upsertOverview(
  db: DbClient,
  documentId: string,
  title: string,
  content: string,
): Promise<void> {
  await db.sql`
    insert into document_overviews (document_id, title, content) values (${documentId}, ${title}, ${content})
    on conflict (document_id) do update set title = excluded.title, content = excluded.content, updated_at = now()`;
}
