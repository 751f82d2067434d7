import { realpath } from 'node:fs/promises';
import { isIP } from 'node:net';
import { isAbsolute, resolve } from 'node:path';
import type { WarehouseConfig } from '../config/warehouse-config.js';
import { isUnderRoots } from './allowed-roots.js';
import { findLocalGitDir } from './local-git-dir.js';
import { isHostName } from './private-host-allow-list.js';
import { resolveRepositoryHost } from './resolve-host.js';
import { AddressRejectedError } from './source.errors.js';

/** A remote git server, with the addresses git is pinned to. */
export interface RemoteLocation {
  readonly kind: 'remote';
  readonly url: string;
  /** `https`, `http`, `ssh` or `git`. */
  readonly scheme: string;
  /** Lower-case host name or IP (IPv6 without brackets). */
  readonly host: string;
  readonly port: number;
  /** What `host` resolved to, every one public or allowed; git connects to these only. */
  readonly addresses: readonly string[];
}

/**
 * Where a warehouse's sources come from, after the policy accepted its address. Local
 * repositories are never used in place: `gitDir` (checked, see findLocalGitDir) is cloned.
 */
export type SourceLocation =
  | RemoteLocation
  | { readonly kind: 'local-git'; readonly path: string; readonly gitDir: string }
  | { readonly kind: 'local-dir'; readonly path: string; readonly gitDir?: string };

/** What git clones and fetches from: the URL or the checked local git directory; undefined for a plain directory. */
export function gitSourceOf(location: SourceLocation): string | undefined {
  return location.kind === 'remote' ? location.url : location.gitDir;
}

const DEFAULT_PORTS: Record<string, number> = { https: 443, http: 80, ssh: 22, git: 9418 };

/** scp-like ssh address: `git@github.com:owner/repo.git`. */
const SCP_LIKE = /^([A-Za-z0-9._-]+)@([A-Za-z0-9.-]+):(?!\/\/)([^\s]+)$/;

/**
 * Checks a warehouse address BEFORE git ever sees it. Rejects option-looking values
 * (`-u…`, `--upload-pack=…`), credentials in the URL, remote helpers (`ext::`), schemes and
 * hosts outside the policy, hosts that resolve to a non-public address (unless allowed,
 * see resolveRepositoryHost), and local paths unless `allowLocalRepos` and under a root
 * (their git data included, see findLocalGitDir).
 */
export async function resolveSourceLocation(
  address: string,
  type: 'git' | 'file',
  config: WarehouseConfig,
): Promise<SourceLocation> {
  const value = address.trim();
  if (value.length === 0) throw new AddressRejectedError('malformed', 'repository address is empty');
  if (value.startsWith('-')) {
    throw new AddressRejectedError('option_injection', 'repository address must not start with "-"');
  }
  if (/[\0\r\n]/.test(value))
    throw new AddressRejectedError('malformed', 'repository address contains control characters');
  if (/^[A-Za-z][A-Za-z0-9+.-]*::/.test(value)) {
    throw new AddressRejectedError('scheme_not_allowed', 'git remote helpers ("<helper>::") are not allowed');
  }

  if (type === 'file' || isAbsolute(value) || value.startsWith('.')) {
    return localLocation(await checkLocalPath(value, config), type, config);
  }

  const scp = SCP_LIKE.exec(value);
  if (scp) {
    checkScheme('ssh', config);
    const host = (scp[2] ?? '').toLowerCase();
    checkHost(host, config);
    const addresses = await resolveRepositoryHost(host, config);
    return { kind: 'remote', url: value, scheme: 'ssh', host, port: 22, addresses };
  }

  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AddressRejectedError('malformed', 'repository address is neither a URL nor a local path');
  }
  const scheme = url.protocol.replace(/:$/, '').toLowerCase();
  if (url.password || (url.username && scheme !== 'ssh')) {
    throw new AddressRejectedError(
      'embedded_credentials',
      'repository URL must not carry credentials; configure them for the host instead',
    );
  }
  if (scheme === 'file') {
    return localLocation(await checkLocalPath(decodeURIComponent(url.pathname), config), 'git', config);
  }
  checkScheme(scheme, config);
  const host = url.hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (!host) throw new AddressRejectedError('malformed', 'repository URL has no host');
  if (host.startsWith('-'))
    throw new AddressRejectedError('option_injection', 'repository host must not start with "-"');
  checkHost(host, config);
  const addresses = await resolveRepositoryHost(host, config);
  const port = url.port ? Number(url.port) : (DEFAULT_PORTS[scheme] ?? 0);
  return { kind: 'remote', url: url.toString(), scheme, host, port, addresses };
}

async function localLocation(
  path: string,
  type: 'git' | 'file',
  config: WarehouseConfig,
): Promise<SourceLocation> {
  const gitDir = await findLocalGitDir(path, config.localRoots);
  if (type === 'file') return gitDir ? { kind: 'local-dir', path, gitDir } : { kind: 'local-dir', path };
  if (!gitDir) throw new AddressRejectedError('malformed', 'local path is not a git repository');
  return { kind: 'local-git', path, gitDir };
}

function checkScheme(scheme: string, config: WarehouseConfig): void {
  if (!config.allowedSchemes.includes(scheme)) {
    throw new AddressRejectedError(
      'scheme_not_allowed',
      `scheme "${scheme}" is not allowed (allowed: ${config.allowedSchemes.join(', ')})`,
    );
  }
}

function checkHost(host: string, config: WarehouseConfig): void {
  if (!isIP(host) && !isHostName(host)) {
    throw new AddressRejectedError('malformed', 'repository host is not a valid host name');
  }
  if (config.allowedHosts.length > 0 && !config.allowedHosts.includes(host)) {
    throw new AddressRejectedError('host_not_allowed', `host "${host}" is not in the allowed hosts`);
  }
}

async function checkLocalPath(path: string, config: WarehouseConfig): Promise<string> {
  if (!config.allowLocalRepos) {
    throw new AddressRejectedError(
      'local_not_allowed',
      'local repositories are disabled (ALLOW_LOCAL_REPOS=false)',
    );
  }
  let real: string;
  try {
    real = await realpath(resolve(path));
  } catch {
    throw new AddressRejectedError('malformed', 'local repository path does not exist');
  }
  if (await isUnderRoots(real, config.localRoots)) return real;
  throw new AddressRejectedError(
    'outside_allowed_roots',
    'local repository path is outside the allowed roots',
  );
}
