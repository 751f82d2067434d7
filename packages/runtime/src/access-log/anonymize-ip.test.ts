import { describe, expect, it } from 'vitest';
import { anonymizeIp, DEFAULT_IP_ANONYMIZATION } from './anonymize-ip.js';

const ga = DEFAULT_IP_ANONYMIZATION;

describe('anonymizeIp', () => {
  it.each([
    ['198.51.100.7', '198.51.100.0'],
    ['::ffff:198.51.100.7', '198.51.100.0'],
    ['2001:db8:1:2::7', '2001:db8:1::'],
    ['2001:0DB8:0001:ffff:0:0:0:1', '2001:db8:1::'],
    ['[2001:db8:abcd:12::1]:443', '2001:db8:abcd::'],
    ['::1', '::'],
    ['64:ff9b::192.0.2.33', '64:ff9b::'],
    // Not an address (a list, a name): it may still hold one, so nothing of it is kept.
    ['203.0.113.9, 10.0.0.1', 'unknown'],
    ['unknown', 'unknown'],
  ])('%s → %s with /24 and /48', (raw, anonymized) => {
    expect(anonymizeIp(raw, ga)).toBe(anonymized);
  });

  it('honours other prefix lengths, and 32 / 128 keep the value as it is', () => {
    expect(anonymizeIp('198.51.100.7', { ipv4PrefixBits: 16, ipv6PrefixBits: 48 })).toBe('198.51.0.0');
    expect(anonymizeIp('198.51.100.255', { ipv4PrefixBits: 25, ipv6PrefixBits: 48 })).toBe('198.51.100.128');
    expect(anonymizeIp('2001:db8:1:2:3:4:5:6', { ipv4PrefixBits: 24, ipv6PrefixBits: 64 })).toBe(
      '2001:db8:1:2::',
    );
    expect(anonymizeIp('2001:db8:1:2ab:3:4:5:6', { ipv4PrefixBits: 24, ipv6PrefixBits: 56 })).toBe(
      '2001:db8:1:200::',
    );
    const whole = { ipv4PrefixBits: 32, ipv6PrefixBits: 128 };
    expect(anonymizeIp('198.51.100.7', whole)).toBe('198.51.100.7');
    expect(anonymizeIp('2001:db8::7', whole)).toBe('2001:db8::7');
    expect(anonymizeIp('unknown', whole)).toBe('unknown');
  });

  it('compresses the longest zero run and leaves single zero groups', () => {
    expect(anonymizeIp('1:0:2:0:0:3:4:5', { ipv4PrefixBits: 24, ipv6PrefixBits: 128 })).toBe('1:0:2::3:4:5');
    expect(anonymizeIp('1:2:3:4:5:6:7:8', { ipv4PrefixBits: 24, ipv6PrefixBits: 112 })).toBe(
      '1:2:3:4:5:6:7:0',
    );
  });
});
