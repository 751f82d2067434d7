import { NonRetriableError } from '@repowiki/runtime';

/** Why an address was refused; switched on by callers and shown to operators. */
export type AddressRejection =
  | 'option_injection'
  | 'embedded_credentials'
  | 'scheme_not_allowed'
  | 'host_not_allowed'
  | 'host_not_public'
  | 'local_not_allowed'
  | 'outside_allowed_roots'
  | 'malformed';

/**
 * What failed, in words safe to store on the warehouse and show to its user; `detail`
 * (what git or DNS said, redacted) is for the logs only: it can tell an open port from
 * a closed one.
 */
export interface HasLogDetail {
  readonly detail?: string;
}

/** The address is refused before git runs; retrying cannot help. */
export class AddressRejectedError extends NonRetriableError implements HasLogDetail {
  readonly reason: AddressRejection;
  readonly detail: string | undefined;
  constructor(reason: AddressRejection, message: string, detail?: string) {
    super(message, { code: `address_${reason}` });
    this.reason = reason;
    this.detail = detail;
  }
}

export type GitFailure =
  | 'auth_failed'
  | 'not_found'
  | 'branch_not_found'
  | 'timeout'
  | 'too_large'
  | 'aborted'
  | 'failed';

/** git exited badly; `message` is generic and safe to store, `detail` (redacted stderr) goes to logs. */
export class GitCommandError extends Error implements HasLogDetail {
  override readonly name = 'GitCommandError';
  readonly failure: GitFailure;
  readonly detail: string | undefined;
  constructor(failure: GitFailure, message: string, detail?: string) {
    super(message);
    this.failure = failure;
    this.detail = detail;
  }
}

/** The `detail` of an error that has one (see HasLogDetail). */
export function logDetailOf(error: unknown): string | undefined {
  return error instanceof GitCommandError || error instanceof AddressRejectedError ? error.detail : undefined;
}
