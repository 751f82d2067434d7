import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GitCredential } from '../config/warehouse-config.js';
import { redact } from './redact.js';
import { GitCommandError, type GitFailure } from './source.errors.js';

export interface GitRunOptions {
  readonly cwd?: string;
  /** Killed (whole process group) after this long. @default 120_000 (2 min) */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** Kill when git's progress reports more received bytes than this (clone/fetch). */
  readonly maxReceiveBytes?: number;
  /** Sent to git only through GIT_ASKPASS and the environment, never argv. */
  readonly credential?: GitCredential;
  /** Allow `file://` and local-path transports. @default false */
  readonly allowFileProtocol?: boolean;
}

export interface GitRunResult {
  readonly stdout: Buffer;
  readonly stderr: string;
}

/** Why we killed git, if we did. */
type KillReason = 'timeout' | 'too_large' | 'aborted';

const UNITS: Record<string, number> = { bytes: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 };
const RECEIVED = /Receiving objects:.*?, ([\d.]+) (bytes|KiB|MiB|GiB)/;
/** Keep only the end of stderr: progress output can be megabytes on big clones. */
const STDERR_TAIL_CHARS = 8_192;

/** Askpass helper: prints the username or password from the environment, by prompt. */
const ASKPASS_SCRIPT = `#!/bin/sh
case "$1" in
  Username*) printf '%s\\n' "$REPOWIKI_GIT_USERNAME" ;;
  *) printf '%s\\n' "$REPOWIKI_GIT_PASSWORD" ;;
esac
`;

/**
 * Runs the system git without a shell. Hardened for untrusted repositories: no system or
 * global config, no terminal prompts, only the allowed transports, no credential helpers.
 * Errors carry a redacted message and a failure kind the handlers switch on.
 */
export async function runGit(args: readonly string[], options: GitRunOptions = {}): Promise<GitRunResult> {
  const secrets = options.credential ? [options.credential.password] : [];
  let askpassDir: string | undefined;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LANG: 'C',
    LC_ALL: 'C',
    GIT_TERMINAL_PROMPT: '0',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_SSH_COMMAND: 'ssh -o BatchMode=yes -o StrictHostKeyChecking=accept-new',
    // Without a helper git would fall back to a prompt (disabled above) and fail fast.
    GIT_ASKPASS: '/bin/false',
    SSH_ASKPASS: '/bin/false',
  };
  try {
    if (options.credential) {
      askpassDir = await mkdtemp(join(tmpdir(), 'repowiki-askpass-'));
      const script = join(askpassDir, 'askpass.sh');
      await writeFile(script, ASKPASS_SCRIPT, { mode: 0o700 });
      await chmod(script, 0o700);
      env.GIT_ASKPASS = script;
      env.REPOWIKI_GIT_USERNAME = options.credential.username;
      env.REPOWIKI_GIT_PASSWORD = options.credential.password;
    }
    const fileAllow = options.allowFileProtocol ? 'always' : 'never';
    const hardened = [
      '-c',
      'protocol.allow=never',
      '-c',
      'protocol.https.allow=always',
      '-c',
      'protocol.http.allow=always',
      '-c',
      'protocol.ssh.allow=always',
      '-c',
      'protocol.git.allow=always',
      '-c',
      `protocol.file.allow=${fileAllow}`,
      '-c',
      'credential.helper=',
      '-c',
      'core.quotePath=false',
      '-c',
      'core.hooksPath=/dev/null',
      ...args,
    ];
    return await spawnGit(hardened, env, options, secrets);
  } finally {
    if (askpassDir) await rm(askpassDir, { recursive: true, force: true });
  }
}

function spawnGit(
  args: string[],
  env: NodeJS.ProcessEnv,
  options: GitRunOptions,
  secrets: string[],
): Promise<GitRunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('git', args, {
      cwd: options.cwd,
      env,
      shell: false,
      // Own process group, so a timeout also ends git-remote-https and ssh below it.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    let errTail = '';
    let killed: KillReason | undefined;
    const kill = (reason: KillReason) => {
      if (killed) return;
      killed = reason;
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const timer = setTimeout(() => kill('timeout'), options.timeoutMs ?? 120_000);
    const onAbort = () => kill('aborted');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted) kill('aborted');

    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      errTail = (errTail + chunk).slice(-STDERR_TAIL_CHARS);
      if (options.maxReceiveBytes !== undefined) {
        const lines = chunk.split(/[\r\n]/);
        for (const line of lines) {
          const m = RECEIVED.exec(line);
          if (m && Number(m[1]) * (UNITS[m[2] ?? 'bytes'] ?? 1) > options.maxReceiveBytes) kill('too_large');
        }
      }
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new GitCommandError('failed', `git could not start: ${e.message}`));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      const stderr = redact(errTail, secrets);
      if (code === 0 && !killed) {
        resolvePromise({ stdout: Buffer.concat(out), stderr });
        return;
      }
      reject(toGitError(killed, stderr, args, options));
    });
  });
}

function toGitError(
  killed: KillReason | undefined,
  stderr: string,
  args: string[],
  options: GitRunOptions,
): GitCommandError {
  const verb =
    args.find((a, i) => i > 0 && args[i - 1] !== '-c' && a !== '-c' && !a.startsWith('-')) ?? 'git';
  if (killed === 'timeout')
    return new GitCommandError('timeout', `git ${verb} timed out after ${options.timeoutMs ?? 120_000} ms`);
  if (killed === 'too_large') {
    return new GitCommandError(
      'too_large',
      `git ${verb} exceeded the size limit of ${options.maxReceiveBytes} bytes`,
    );
  }
  if (killed === 'aborted') return new GitCommandError('aborted', `git ${verb} was aborted`);
  const last = lastMeaningfulLines(stderr);
  // Checked before the generic "not found": the repository answered, the branch is missing.
  const branch = /Remote branch (.+?) not found in upstream/.exec(stderr)?.[1];
  if (branch)
    return new GitCommandError(
      'branch_not_found',
      `git ${verb}: branch "${branch}" not found in the repository`,
    );
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
  const prefix =
    failure === 'auth_failed'
      ? 'authentication failed'
      : failure === 'not_found'
        ? 'repository not reachable'
        : 'git failed';
  return new GitCommandError(failure, `git ${verb}: ${prefix}: ${last}`);
}

function lastMeaningfulLines(stderr: string): string {
  return stderr
    .split(/[\r\n]+/)
    .filter(
      (l) => l.trim() && !/^(remote: )?(Counting|Compressing|Receiving|Resolving|Enumerating|Total)/.test(l),
    )
    .slice(-3)
    .join(' | ')
    .slice(0, 500);
}
