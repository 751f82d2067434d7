import { NonRetriableError } from '@repowiki/runtime';

/**
 * Table and column names backup and restore work with: what the drizzle schema generates.
 * Names come from the database catalog and from backup manifests, so neither is trusted:
 * postgres.js `sql(name)` turns `a.b` into `"a"."b"` (another schema's table), and hand-made
 * `"${name}"` breaks on a quote. Anything else stops the task, naming the object.
 */
const PLAIN_IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** `"name"` for an identifier of the allow-list above. @throws NonRetriableError otherwise */
export function quoteIdent(name: string, what: 'table' | 'column'): string {
  if (!PLAIN_IDENTIFIER.test(name)) {
    throw new NonRetriableError(
      `${what} ${JSON.stringify(name)} is not a plain identifier (a-z, 0-9, _): backup and restore refuse it`,
      { code: 'bad_identifier' },
    );
  }
  return `"${name}"`;
}

/** `"public"."name"`: every table backup and restore touch lives in the public schema. */
export function publicTable(name: string): string {
  return `"public".${quoteIdent(name, 'table')}`;
}
