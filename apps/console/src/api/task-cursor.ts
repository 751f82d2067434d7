/** The opaque `before` of the tasks list: where the previous page ended, `(submitted_at, id)`. */
export function encodeCursor(row: { submittedAt: Date; id: string }): string {
  return Buffer.from(`${row.submittedAt.toISOString()}|${row.id}`).toString('base64url');
}

export function decodeCursor(cursor: string): { submittedAt: Date; id: string } | undefined {
  const text = Buffer.from(cursor, 'base64url').toString();
  const i = text.indexOf('|');
  const submittedAt = new Date(text.slice(0, i));
  if (i < 0 || Number.isNaN(submittedAt.getTime())) return undefined;
  return { submittedAt, id: text.slice(i + 1) };
}
