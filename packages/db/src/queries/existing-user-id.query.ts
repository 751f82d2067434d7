import type { DbClient } from '../client.js';

/** The id of an existing user, so that `--user` can also set the creator. */
export async function existingUserId(db: DbClient, id: string): Promise<string | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [row] = await db.sql<{ id: string }[]>`select id from users where id = ${id}`;
  return row?.id ?? null;
}
