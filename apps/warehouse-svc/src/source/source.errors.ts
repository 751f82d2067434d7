import { NonRetriableError } from '@repowiki/runtime';

/** Why an address was refused; switched on by callers and shown to operators. */
export type AddressRejection =
  | 'option_injection'
  | 'embedded_credentials'
  | 'scheme_not_allowed'
  | 'host_not_allowed'
  | 'local_not_allowed'
  | 'outside_allowed_roots'
  | 'malformed';

/** The address is refused before git runs; retrying cannot help. */
export class AddressRejectedError extends NonRetriableError {
  readonly reason: AddressRejection;
  constructor(reason: AddressRejection, message: string) {
    super(message, { code: `address_${reason}` });
    this.reason = reason;
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

/** git exited badly; `message` is redacted and safe to store. */
export class GitCommandError extends Error {
  override readonly name = 'GitCommandError';
  readonly failure: GitFailure;
  constructor(failure: GitFailure, message: string) {
    super(message);
    this.failure = failure;
  }
}
