/** NATS refused an operation of this identity (its permissions). */
export function isRefusedByNats(e: unknown): boolean {
  const err = e as { name?: unknown; message?: unknown; cause?: unknown } | undefined;
  if (err?.name === 'PermissionViolationError') return true;
  if (/permissions violation|permission denied/i.test(String(err?.message ?? ''))) return true;
  return err?.cause !== undefined && err.cause !== e && isRefusedByNats(err.cause);
}
