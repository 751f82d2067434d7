import { GitCommandError, type GitFailure } from './source.errors.js';

/** Why we killed git, if we did. */
export type KillReason = 'timeout' | 'too_large' | 'output_too_large' | 'aborted';

/** Lines of git's stderr kept for the logs. */
const DETAIL_MAX_CHARS = 2_000;
/** Commands that talk to a server: their failures read "repository not reachable". */
const NETWORK_VERBS = new Set(['clone', 'fetch', 'ls-remote']);

/**
 * The error for a git run that did not succeed. Its message is generic (a kind of failure,
 * never git's own words: those can tell an open port from a closed one, or echo what a
 * server sent); what git said goes to `detail`, for the logs. `stderr` is already redacted.
 */
export function toGitError(
  verb: string,
  killed: KillReason | undefined,
  stderr: string,
  limits: { timeoutMs: number; maxBytes?: number; maxStdoutBytes: number },
): GitCommandError {
  const detail = stderrDetail(stderr);
  switch (killed) {
    case 'timeout':
      return new GitCommandError('timeout', `git ${verb} timed out after ${limits.timeoutMs} ms`, detail);
    case 'too_large':
      return new GitCommandError(
        'too_large',
        `git ${verb}: the repository exceeds the size limit of ${limits.maxBytes} bytes`,
        detail,
      );
    case 'output_too_large':
      return new GitCommandError(
        'too_large',
        `git ${verb}: output exceeded the limit of ${limits.maxStdoutBytes} bytes`,
        detail,
      );
    case 'aborted':
      return new GitCommandError('aborted', `git ${verb} was aborted`, detail);
    case undefined:
      break;
  }
  // Checked before the generic "not found": the repository answered, the branch is missing.
  // The branch name is the warehouse's own setting, echoed back.
  const branch = /Remote branch (.+?) not found in upstream/.exec(stderr)?.[1];
  if (branch) {
    return new GitCommandError(
      'branch_not_found',
      `git ${verb}: branch "${branch}" not found in the repository`,
      detail,
    );
  }
  const failure: GitFailure =
    /Authentication failed|could not read (Username|Password)|terminal prompts disabled|Permission denied \(publickey|returned error: 40[13]|HTTP Basic: Access denied/i.test(
      stderr,
    )
      ? 'auth_failed'
      : /not found|does not appear to be a git repository|does not exist|Could not resolve host|unable to access/i.test(
            stderr,
          )
        ? 'not_found'
        : 'failed';
  if (failure === 'auth_failed')
    return new GitCommandError(failure, `git ${verb}: authentication failed`, detail);
  if (failure === 'not_found' || NETWORK_VERBS.has(verb)) {
    // Same words for "nothing listens", "not a git server" and "no such repository".
    return new GitCommandError(failure, `git ${verb}: repository not reachable`, detail);
  }
  return new GitCommandError(failure, `git ${verb} failed`, detail);
}

/** The end of git's stderr without progress noise, for the logs. */
function stderrDetail(stderr: string): string {
  return stderr
    .split(/[\r\n]+/)
    .filter(
      (l) => l.trim() && !/^(remote: )?(Counting|Compressing|Receiving|Resolving|Enumerating|Total)/.test(l),
    )
    .slice(-10)
    .join(' | ')
    .slice(-DETAIL_MAX_CHARS);
}
