import type { DbClient } from '@repowiki/db';
import { intArray, textArray } from '@repowiki/db';
import type { Logger } from 'pino';
import { legacyStatusArrays, MISSING_TIMESTAMP_BEFORE } from './legacy-status.js';
import type { StepResult } from './step-result.js';

/**
 * Normalises legacy warehouse rows, idempotently:
 * - `legacy_status` 0,1,2,3,4,99 → `status` (see LEGACY_STATUS), then cleared; `updated_at` is
 *   kept: schedule-updates and cleanup-failed read it as the last real change;
 * - a missing `created_at` takes `updated_at` when that is known, else now();
 *   a missing or earlier `updated_at` takes `created_at`;
 * - soft-deleted rows without `deleted_at` get `updated_at`.
 */
export async function migrateWarehouses(db: DbClient, logger: Logger): Promise<StepResult> {
  const { sql } = db;
  const { codes, statuses } = legacyStatusArrays();
  return sql.begin(async (tx) => {
    const mapped = await tx`
      update warehouses w set status = m.status::warehouse_status, legacy_status = null
      from unnest(${intArray(codes)}::text::int[], ${textArray(statuses)}::text::text[]) as m(code, status)
      where w.legacy_status = m.code`;
    const created = await tx`
      update warehouses set created_at = case when updated_at >= ${MISSING_TIMESTAMP_BEFORE} then updated_at else now() end
      where created_at < ${MISSING_TIMESTAMP_BEFORE}`;
    const updated = await tx`update warehouses set updated_at = created_at where updated_at < created_at`;
    const deleted =
      await tx`update warehouses set deleted_at = updated_at where is_deleted and deleted_at is null`;
    const [unknown] = await tx<{ n: number }[]>`
      select count(*)::int as n from warehouses where legacy_status is not null`;
    if (unknown?.n)
      logger.warn({ rows: unknown.n }, 'warehouses with an unknown legacy status left unchanged');
    return {
      step: 'migrate-warehouses',
      changed: mapped.count + created.count + updated.count + deleted.count,
    };
  });
}
