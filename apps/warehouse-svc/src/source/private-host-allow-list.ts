import { BlockList, isIP } from 'node:net';

/** A host name as DNS spells it (letters, digits, dots, hyphens; underscores as some internal names have). */
const HOST_NAME =
  /^(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*\.?$/i;

/** True for a DNS host name (not an IP address): nothing a shell or git would read specially. */
export function isHostName(value: string): boolean {
  return HOST_NAME.test(value);
}

export type AllowEntry =
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'network'; readonly address: string; readonly prefix: number; readonly family: 4 | 6 };

/**
 * One entry of ALLOWED_PRIVATE_GIT_HOSTS: a host name (`git.corp.example`), an IP address
 * (`10.1.2.3`, `fd00::5`) or a CIDR block (`10.1.0.0/16`, `fd00::/8`).
 * @returns undefined when the entry is none of these.
 */
export function parseAllowEntry(entry: string): AllowEntry | undefined {
  const value = entry
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  const [address = '', prefixText, extra] = value.split('/');
  const family = isIP(address);
  if (family === 4 || family === 6) {
    if (extra !== undefined) return undefined;
    const max = family === 4 ? 32 : 128;
    if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined;
    const prefix = prefixText === undefined ? max : Number(prefixText);
    return prefix <= max ? { kind: 'network', address, prefix, family } : undefined;
  }
  return prefixText === undefined && HOST_NAME.test(value)
    ? { kind: 'name', name: value.replace(/\.$/, '') }
    : undefined;
}

/**
 * What an operator allows beyond the public internet: self-hosted git servers on private
 * addresses. A listed name is allowed whatever it resolves to; a listed address or block
 * allows any host that resolves into it.
 */
export class PrivateHostAllowList {
  private readonly names = new Set<string>();
  private readonly networks = new BlockList();

  constructor(entries: readonly string[]) {
    for (const raw of entries) {
      const entry = parseAllowEntry(raw);
      if (!entry) throw new Error(`not a host name, IP address or CIDR block: "${raw}"`);
      if (entry.kind === 'name') this.names.add(entry.name);
      else this.networks.addSubnet(entry.address, entry.prefix, entry.family === 4 ? 'ipv4' : 'ipv6');
    }
  }

  permits(host: string, address: string): boolean {
    if (this.names.has(host.toLowerCase().replace(/\.$/, ''))) return true;
    const family = isIP(address);
    return family !== 0 && this.networks.check(address, family === 4 ? 'ipv4' : 'ipv6');
  }
}
