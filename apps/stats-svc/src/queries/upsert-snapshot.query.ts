import { type Database, sql, statisticsSnapshots } from '@repowiki/db';

export type SnapshotKind = 'system' | 'warehouse';

/**
 * Stores a snapshot as the row of (kind, subject, date): a second run on the same day
 * overwrites it instead of colliding with the unique key.
 */
export async function upsertSnapshot(
  db: Database,
  snapshot: { kind: SnapshotKind; subjectId: string; date: string; data: unknown },
): Promise<void> {
  await db
    .insert(statisticsSnapshots)
    .values(snapshot)
    .onConflictDoUpdate({
      target: [statisticsSnapshots.kind, statisticsSnapshots.subjectId, statisticsSnapshots.date],
      set: { data: snapshot.data, updatedAt: sql`now()` },
    });
}
