/**
 * Tells a statement that failed because of the data it carried (one bad row: retry the rows
 * of its batch one by one) from one that failed because the database is unreachable or
 * restarting (retry later as a whole; splitting a batch row by row would only multiply
 * the round trips against a server that is down).
 */
export function isDataError(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  // SQLSTATE class 22 (data exception: bad encoding, unsupported Unicode escape, invalid
  // JSON text, out of range) and 23 (integrity constraint violation).
  if (typeof code === 'string' && /^2[23][0-9A-Z]{3}$/.test(code)) return true;
  return /unsupported Unicode escape/i.test(String((e as Error)?.message));
}
