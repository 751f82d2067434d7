import { EXIT, type ExitCode } from './exit-codes.js';

/** An error the CLI reports as one line and maps to an exit code. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    options: { cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
  }
}

export const usageError = (message: string) => new CliError(message, EXIT.usage);
export const notFound = (message: string) => new CliError(message, EXIT.notFound);
export const unavailable = (message: string, cause?: unknown) =>
  new CliError(message, EXIT.unavailable, { cause });
export const forbidden = (message: string, cause?: unknown) =>
  new CliError(message, EXIT.forbidden, { cause });

/** NATS refused an operation of this user (its permissions), or its credentials. */
export function isRefusedByNats(e: unknown): boolean {
  const err = e as { name?: unknown; message?: unknown; cause?: unknown } | undefined;
  if (err?.name === 'PermissionViolationError' || err?.name === 'AuthorizationError') return true;
  if (/permissions violation|permission denied|authorization violation/i.test(String(err?.message ?? ''))) {
    return true;
  }
  return err?.cause !== undefined && err.cause !== e && isRefusedByNats(err.cause);
}

/** The one place `catch (e: unknown)` of a command goes through: a CliError with a one-line message. */
export function toCliError(e: unknown): CliError {
  if (e instanceof CliError) return e;
  const err = e instanceof Error ? e : new Error(String(e));
  switch (err.name) {
    case 'InvalidPayloadError':
      return new CliError(err.message, EXIT.usage, { cause: err });
    case 'TaskTimeoutError':
      return new CliError(err.message, EXIT.timeout, { cause: err });
    case 'TaskFailedError':
      return new CliError(`task failed: ${err.message}`, EXIT.taskFailed, { cause: err });
    case 'OpsError': {
      // @repowiki/runtime/ops refused: no such run, or not in a state the operation applies to.
      const code = (err as { code?: unknown }).code;
      const exit =
        code === 'not_found' ? EXIT.notFound : code === 'unavailable' ? EXIT.unavailable : EXIT.usage;
      return new CliError(err.message, exit, { cause: err });
    }
  }
  if (isRefusedByNats(err)) {
    return new CliError(`not permitted: ${err.message.split('\n')[0]}`, EXIT.forbidden, { cause: err });
  }
  const code = (err as { code?: unknown }).code;
  if (code === '42P01') {
    return new CliError(
      `database is not migrated (${err.message}): run the migrations first`,
      EXIT.unavailable,
      { cause: err },
    );
  }
  if (
    typeof code === 'string' &&
    /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|CONNECT_TIMEOUT)$/.test(code)
  ) {
    return new CliError(`database unreachable: ${err.message}`, EXIT.unavailable, { cause: err });
  }
  return new CliError(`internal error: ${err.message.split('\n')[0]}`, EXIT.internal, { cause: err });
}
