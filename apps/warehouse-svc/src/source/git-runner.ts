import { spawn } from 'node:child_process';
import type { GitCredential } from '../config/warehouse-config.js';
import { type Askpass, createAskpass } from './askpass.js';
import { diskUsage, watchDiskUsage } from './disk-usage.js';
import { type KillReason, toGitError } from './git-error.js';
import { redact } from './redact.js';
import { GitCommandError } from './source.errors.js';
import type { RemoteLocation } from './url-policy.js';

export interface GitRunOptions {
  readonly cwd?: string;
  /** Killed (whole process group) after this long. @default 120_000 (2 min) */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /**
   * The one transport git may use: a remote (its scheme only, pinned to its checked
   * addresses) or `'file'` (local clones). @default none — local commands need no transport.
   */
  readonly transport?: RemoteLocation | 'file';
  /** For an http(s) remote only: sent through GIT_ASKPASS, to that remote's origin only, never argv. */
  readonly credential?: GitCredential;
  /** Kill when git's progress line reports more received bytes than this (an early hint only). */
  readonly maxReceiveBytes?: number;
  /** Kill when `dir` holds more than `maxBytes` on disk, measured while git runs and after it exits. */
  readonly disk?: { readonly dir: string; readonly maxBytes: number };
  /** Collected stdout beyond this kills git ("output exceeded"). @default 67_108_864 (64 MiB) */
  readonly maxStdoutBytes?: number;
  /** Stream stdout here instead of collecting it (the caller bounds what it keeps). */
  readonly onStdout?: (chunk: Buffer) => void;
}

export interface GitRunResult {
  /** Empty when `onStdout` took the output. */
  readonly stdout: Buffer;
  readonly stderr: string;
}

const DEFAULT_TIMEOUT_MS = 120_000;
const DEFAULT_MAX_STDOUT_BYTES = 64 * 1024 * 1024;
const UNITS: Record<string, number> = { bytes: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 };
const RECEIVED = /Receiving objects:.*?, ([\d.]+) (bytes|KiB|MiB|GiB)/;
/** Keep only the end of stderr: progress output can be megabytes on big clones. */
const STDERR_TAIL_CHARS = 8_192;

/**
 * Runs the system git without a shell, hardened for untrusted repositories: no system or
 * global config, no prompts, no hooks, no fsmonitor, no credential helpers, no redirects,
 * one transport, output and disk use bounded. Errors carry a generic message and a
 * failure kind the handlers switch on; git's own words go to `detail` (logs only).
 */
export async function runGit(args: readonly string[], options: GitRunOptions = {}): Promise<GitRunResult> {
  const remote = typeof options.transport === 'object' ? options.transport : undefined;
  const web = remote && (remote.scheme === 'https' || remote.scheme === 'http');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LANG: 'C',
    LC_ALL: 'C',
    GIT_TERMINAL_PROMPT: '0',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_SSH_COMMAND: sshCommand(remote),
    // Without a helper git would fall back to a prompt (disabled above) and fail fast.
    GIT_ASKPASS: '/bin/false',
    SSH_ASKPASS: '/bin/false',
  };
  let askpass: Askpass | undefined;
  try {
    if (options.credential && remote && web) {
      askpass = await createAskpass(options.credential, originOf(remote));
      Object.assign(env, askpass.env);
    }
    const secrets = options.credential ? [options.credential.password] : [];
    return await spawnGit([...hardening(options.transport), ...args], env, options, secrets);
  } finally {
    await askpass?.dispose();
  }
}

/** `-c` settings that win over anything a repository's own config says. */
function hardening(transport: GitRunOptions['transport']): string[] {
  const settings = [
    'protocol.allow=never',
    'http.followRedirects=false',
    'credential.helper=',
    'core.quotePath=false',
    'core.hooksPath=/dev/null',
    'core.fsmonitor=false',
  ];
  if (transport === 'file') settings.push('protocol.file.allow=always');
  else if (transport) {
    settings.push(`protocol.${transport.scheme}.allow=always`);
    const pin = curlResolve(transport);
    if (pin) settings.push(`http.curloptResolve=${pin}`);
  }
  return settings.flatMap((s) => ['-c', s]);
}

/**
 * `host:port:addr[,addr]` for curl (git ≥ 2.37): git's HTTP requests to `host` go to the
 * addresses we checked, never to a second DNS answer (rebinding).
 */
export function curlResolve(remote: RemoteLocation): string | undefined {
  if (remote.scheme !== 'https' && remote.scheme !== 'http') return undefined;
  if (remote.addresses.includes(remote.host)) return undefined; // an IP literal: nothing to resolve
  // IPv6 without brackets: curl 7.88 (Debian 12) does not accept `[::1]` here.
  return `${remote.host}:${remote.port}:${remote.addresses.join(',')}`;
}

/** ssh without prompts; pinned to the first checked address, host keys still filed under the name. */
export function sshCommand(remote: RemoteLocation | undefined): string {
  const base = 'ssh -o BatchMode=yes -o StrictHostKeyChecking=accept-new';
  const address = remote?.scheme === 'ssh' ? remote.addresses[0] : undefined;
  // Both values were validated (an IP address; a DNS name or IP); quoted all the same.
  return address ? `${base} -o 'HostName=${address}' -o 'HostKeyAlias=${remote?.host}'` : base;
}

/** `scheme://host[:port]` as git words it in its credential prompts (no default port). */
function originOf(remote: RemoteLocation): string {
  return `${remote.scheme}://${new URL(remote.url).host}`;
}

function spawnGit(
  args: string[],
  env: NodeJS.ProcessEnv,
  options: GitRunOptions,
  secrets: string[],
): Promise<GitRunResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxStdoutBytes = options.maxStdoutBytes ?? DEFAULT_MAX_STDOUT_BYTES;
  const verb =
    args.find((a, i) => i > 0 && args[i - 1] !== '-c' && a !== '-c' && !a.startsWith('-')) ?? 'git';
  const limits = { timeoutMs, maxStdoutBytes, maxBytes: options.disk?.maxBytes ?? options.maxReceiveBytes };
  return new Promise((resolvePromise, reject) => {
    const child = spawn('git', args, {
      cwd: options.cwd,
      env,
      shell: false,
      // Own process group, so a kill also ends git-remote-https, ssh and upload-pack below it.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    let outBytes = 0;
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
    const timer = setTimeout(() => kill('timeout'), timeoutMs);
    const onAbort = () => kill('aborted');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted) kill('aborted');
    const stopWatch = options.disk
      ? watchDiskUsage(options.disk.dir, options.disk.maxBytes, () => kill('too_large'))
      : () => {};

    child.stdout.on('data', (chunk: Buffer) => {
      if (options.onStdout) return options.onStdout(chunk);
      outBytes += chunk.length;
      if (outBytes > maxStdoutBytes) return kill('output_too_large');
      out.push(chunk);
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      errTail = (errTail + chunk).slice(-STDERR_TAIL_CHARS);
      if (options.maxReceiveBytes === undefined) return;
      for (const line of chunk.split(/[\r\n]/)) {
        const m = RECEIVED.exec(line);
        if (m && Number(m[1]) * (UNITS[m[2] ?? 'bytes'] ?? 1) > options.maxReceiveBytes) kill('too_large');
      }
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      stopWatch();
      reject(new GitCommandError('failed', 'git could not start', e.message));
    });
    child.on('close', async (code) => {
      clearTimeout(timer);
      stopWatch();
      options.signal?.removeEventListener('abort', onAbort);
      // The watcher samples; what git left behind is measured once more.
      if (
        code === 0 &&
        !killed &&
        options.disk &&
        (await diskUsage(options.disk.dir)) > options.disk.maxBytes
      ) {
        killed = 'too_large';
      }
      const stderr = redact(errTail, secrets);
      if (code === 0 && !killed) resolvePromise({ stdout: Buffer.concat(out), stderr });
      else reject(toGitError(verb, killed, stderr, limits));
    });
  });
}
