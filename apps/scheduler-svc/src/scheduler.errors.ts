/** The schedule configuration (file or env) is invalid; the message names the entry and field. */
export class ScheduleConfigError extends Error {
  override readonly name = 'ScheduleConfigError';
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
  }
}
