/**
 * Exit codes of `tasks`, for scripts. Documented in the package README.
 * 0 ok · 1 the task failed or was revoked · 2 usage error (bad arguments, unknown task,
 * payload rejected by its schema) · 3 not found (task id, DLQ message, warehouse) ·
 * 4 timed out waiting · 5 NATS, PostgreSQL or a required service unreachable ·
 * 6 refused: NATS did not accept the credentials, or this NATS user may not do that ·
 * 70 internal error (a bug: please report it).
 */
export const EXIT = {
  ok: 0,
  taskFailed: 1,
  usage: 2,
  notFound: 3,
  timeout: 4,
  unavailable: 5,
  forbidden: 6,
  internal: 70,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
