import type { DbClient } from '@repowiki/db';
import { textArray } from '@repowiki/db';
import type { Logger } from 'pino';
import { legacyStatusArrays, MISSING_TIMESTAMP_BEFORE } from './legacy-status.js';
import type { StepResult } from './step-result.js';

/**
 * Normalises legacy document rows, idempotently:
 * - a numeric `status` ('0','1','2','3','4','99') → its name (see LEGACY_STATUS), `updated_at` kept;
 * - missing `created_at` / `updated_at` as for warehouses; a missing `last_update` takes `updated_at`;
 * - soft-deleted catalog pages without `deleted_at` get `updated_at`.
 */
export async function migrateDocuments(db: DbClient, logger: Logger): Promise<StepResult> {
  const { sql } = db;
  const { codes, statuses } = legacyStatusArrays();
  const before = MISSING_TIMESTAMP_BEFORE;
  return sql.begin(async (tx) => {
    const mapped = await tx`
      update documents d set status = m.status
      from unnest(${textArray(codes.map(String))}::text::text[], ${textArray(statuses)}::text::text[]) as m(code, status)
      where d.status = m.code`;
    const created = await tx`
      update documents set created_at = case when updated_at >= ${before} then updated_at else now() end
      where created_at < ${before}`;
    const updated = await tx`update documents set updated_at = created_at where updated_at < created_at`;
    const lastUpdate = await tx`update documents set last_update = updated_at where last_update < ${before}`;
    const catalogs = await tx`
      update document_catalogs set created_at = case when updated_at >= ${before} then updated_at else now() end
      where created_at < ${before}`;
    const catalogsUpdated =
      await tx`update document_catalogs set updated_at = created_at where updated_at < created_at`;
    const deleted =
      await tx`update document_catalogs set deleted_at = updated_at where is_deleted and deleted_at is null`;
    const [unknown] = await tx<{ n: number }[]>`
      select count(*)::int as n from documents where status ~ '^[0-9]+$'`;
    if (unknown?.n)
      logger.warn({ rows: unknown.n }, 'documents with an unknown legacy status left unchanged');
    const changed = [mapped, created, updated, lastUpdate, catalogs, catalogsUpdated, deleted].reduce(
      (n, r) => n + r.count,
      0,
    );
    return { step: 'migrate-documents', changed };
  });
}
