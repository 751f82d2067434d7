import { textArray } from '@repowiki/db';
import type { Sql } from 'postgres';

/**
 * Ledger state of many tasks at once (`TaskClient.status` reads one at a time). Read-only:
 * the suite checks the ledger's word against what handlers recorded.
 */
export async function ledgerStates(sql: Sql, taskIds: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < taskIds.length; i += 5_000) {
    const chunk = taskIds.slice(i, i + 5_000);
    const rows = await sql<{ id: string; state: string }[]>`
      select id, state::text as state from task_runs where id = any(${textArray(chunk)}::text::text[])`;
    for (const r of rows) out.set(r.id, r.state);
  }
  return out;
}

export const FINAL = new Set(['SUCCESS', 'FAILURE', 'REVOKED']);
