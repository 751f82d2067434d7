import { NonRetriableError } from '@repowiki/runtime';
import { GitCommandError } from './source.errors.js';

/**
 * Retry policy of a failed warehouse task: refused addresses, authentication failures,
 * missing repositories or branches and size limits will not heal on their own (no retry); timeouts
 * and other failures are retried with the runtime's backoff. `message` is redacted.
 */
export function toTaskError(error: Error, message: string): Error {
  if (error instanceof NonRetriableError) return error;
  if (error instanceof GitCommandError) {
    switch (error.failure) {
      case 'auth_failed':
      case 'not_found':
      case 'branch_not_found':
      case 'too_large':
        return new NonRetriableError(message, { code: `git_${error.failure}` });
      case 'timeout':
      case 'aborted':
      case 'failed':
        return new GitCommandError(error.failure, message);
    }
  }
  const out = new Error(message);
  out.name = error.name;
  return out;
}
