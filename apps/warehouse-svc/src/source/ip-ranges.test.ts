import { describe, expect, it } from 'vitest';
import { ipv6Bytes, isPublicAddress } from './ip-ranges.js';

describe('isPublicAddress', () => {
  it.each([
    '127.0.0.1',
    '127.255.255.254',
    '10.0.0.1',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '100.64.0.1',
    '100.127.255.255',
    '169.254.169.254',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '198.18.0.1',
    '::',
    '::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:169.254.169.254',
    '::ffff:10.1.2.3',
    'fd00:ec2::254',
    'fc00::1',
    'fe80::1',
    'ff02::1',
    '64:ff9b::a9fe:a9fe', // NAT64 of 169.254.169.254
    '64:ff9b::10.0.0.1',
    '2002:7f00:1::1', // 6to4 of 127.0.0.1
    '2001:db8::1',
    'not an address',
    'localhost',
  ])('refuses %s', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each([
    '1.1.1.1',
    '140.82.112.3',
    '172.32.0.1',
    '100.128.0.1',
    '::ffff:140.82.112.3',
    '2606:4700:4700::1111',
    '64:ff9b::8c52:7003', // NAT64 of 140.82.112.3
    '2002:8c52:7003::1',
  ])('accepts %s', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});

describe('ipv6Bytes', () => {
  it('expands :: and a trailing dotted quad', () => {
    expect(ipv6Bytes('::1')).toEqual([...Array(15).fill(0), 1]);
    expect(ipv6Bytes('64:ff9b::10.0.0.1')).toEqual([0, 0x64, 0xff, 0x9b, ...Array(8).fill(0), 10, 0, 0, 1]);
    expect(ipv6Bytes('10.0.0.1')).toBeUndefined();
  });
});
