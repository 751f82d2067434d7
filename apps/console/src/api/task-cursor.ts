/**
 * The opaque `before` of the tasks list: where the previous page ended, `(submitted_at, id)`,
 * the time to the microsecond (`RunSummary.cursorAt`), so no run of that millisecond is skipped.
 */
export function encodeCursor(row: { cursorAt: string; id: string }): string {
  return Buffer.from(`${row.cursorAt}|${row.id}`).toString('base64url');
}

export function decodeCursor(cursor: string): { submittedAt: string; id: string } | undefined {
  const text = Buffer.from(cursor, 'base64url').toString();
  const i = text.indexOf('|');
  if (i < 0) return undefined;
  const submittedAt = text.slice(0, i);
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z$/.test(submittedAt)) return undefined;
  return { submittedAt, id: text.slice(i + 1) };
}
