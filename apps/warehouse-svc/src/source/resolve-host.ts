import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { WarehouseConfig } from '../config/warehouse-config.js';
import { isPublicAddress } from './ip-ranges.js';
import { PrivateHostAllowList } from './private-host-allow-list.js';
import { AddressRejectedError } from './source.errors.js';

/** DNS answers that mean "no such name": the address is wrong, not the network. */
const NO_SUCH_HOST = new Set(['ENOTFOUND', 'ENODATA', 'EAI_NONAME', 'EAI_NODATA']);

/**
 * Every address `host` resolves to, each of them public or allowed by
 * `allowedPrivateHosts`; otherwise the address is refused before git runs. The caller
 * pins git to exactly these addresses, so a second, different DNS answer (rebinding)
 * is never used. `host` may be an IP literal, with or without IPv6 brackets.
 */
export async function resolveRepositoryHost(host: string, config: WarehouseConfig): Promise<string[]> {
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  let addresses: string[];
  if (isIP(bare)) {
    addresses = [bare];
  } else {
    try {
      addresses = (await lookup(bare, { all: true, verbatim: true })).map((a) => a.address);
    } catch (e: unknown) {
      const code = (e as { code?: string }).code ?? '';
      if (!NO_SUCH_HOST.has(code)) {
        // A DNS outage heals; let the runtime retry.
        throw new Error(`could not resolve the repository host (${code || 'DNS error'})`, { cause: e });
      }
      addresses = [];
    }
  }
  const allowList = new PrivateHostAllowList(config.allowedPrivateHosts);
  const refused = addresses.filter((a) => !isPublicAddress(a) && !allowList.permits(bare, a));
  if (addresses.length === 0 || refused.length > 0) {
    // One message for "no such host" and "private host": users must not learn which
    // internal names exist. Operators see the addresses in the logs.
    throw new AddressRejectedError(
      'host_not_public',
      `repository host "${bare}" is not allowed: it does not resolve to a public address`,
      `resolved to [${addresses.join(', ')}]; not public and not in ALLOWED_PRIVATE_GIT_HOSTS: [${refused.join(', ')}]`,
    );
  }
  return addresses;
}
