import { describe, expect, it } from 'vitest';
import { curlResolve, sshCommand } from './git-runner.js';
import type { RemoteLocation } from './url-policy.js';

const at = (scheme: string, host: string, port: number, addresses: string[]): RemoteLocation => ({
  kind: 'remote',
  url: `${scheme}://${host}/x.git`,
  scheme,
  host,
  port,
  addresses,
});

describe('address pinning', () => {
  it('pins http(s) names to every checked address (IPv6 unbracketed, as curl 7.88 reads it)', () => {
    expect(curlResolve(at('https', 'github.com', 443, ['140.82.112.3', '2606:50c0::1']))).toBe(
      'github.com:443:140.82.112.3,2606:50c0::1',
    );
    // An IP literal needs no resolving; ssh is pinned another way.
    expect(curlResolve(at('https', '140.82.112.3', 443, ['140.82.112.3']))).toBeUndefined();
    expect(curlResolve(at('ssh', 'github.com', 22, ['140.82.112.3']))).toBeUndefined();
  });

  it('pins ssh to the first checked address, keeping host keys under the name', () => {
    expect(sshCommand(at('ssh', 'github.com', 22, ['140.82.112.3']))).toBe(
      "ssh -o BatchMode=yes -o StrictHostKeyChecking=accept-new -o 'HostName=140.82.112.3' -o 'HostKeyAlias=github.com'",
    );
    expect(sshCommand(undefined)).toBe('ssh -o BatchMode=yes -o StrictHostKeyChecking=accept-new');
  });
});
