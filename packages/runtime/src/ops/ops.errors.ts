/** Why an operation was refused; the CLI maps each code to an exit code, the console to a status. */
export type OpsErrorCode = 'not_found' | 'conflict' | 'invalid' | 'unavailable';

export class OpsError extends Error {
  override readonly name = 'OpsError';
  constructor(
    readonly code: OpsErrorCode,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
  }
}
