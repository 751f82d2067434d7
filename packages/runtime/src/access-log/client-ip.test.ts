import { describe, expect, it } from 'vitest';
import { compileTrustProxy, normalizeIp, resolveClientIp } from './client-ip.js';

const none = compileTrustProxy(false);
const all = compileTrustProxy(true);
const lan = compileTrustProxy(['loopback', '10.0.0.0/8']);

describe('resolveClientIp', () => {
  it('ignores forwarding headers from an untrusted peer (they are client-controlled)', () => {
    expect(
      resolveClientIp('203.0.113.9', { 'x-forwarded-for': '1.2.3.4', 'x-real-ip': '5.6.7.8' }, none),
    ).toBe('203.0.113.9');
    expect(resolveClientIp('203.0.113.9', { 'x-forwarded-for': '1.2.3.4' }, lan)).toBe('203.0.113.9');
  });

  it('walks X-Forwarded-For from the right past trusted proxies', () => {
    // A spoofed first element, the real client, then our own ingress.
    const headers = { 'x-forwarded-for': '6.6.6.6, 198.51.100.7, 10.1.2.3' };
    expect(resolveClientIp('127.0.0.1', headers, lan)).toBe('198.51.100.7');
    expect(resolveClientIp('::ffff:127.0.0.1', headers, lan)).toBe('198.51.100.7');
  });

  it('takes the leftmost address when every peer is trusted', () => {
    expect(resolveClientIp('10.0.0.1', { 'x-forwarded-for': '198.51.100.7, 10.1.2.3' }, all)).toBe(
      '198.51.100.7',
    );
  });

  it('reads RFC 7239 Forwarded, with quotes, ports and IPv6', () => {
    const headers = { forwarded: 'for="[2001:db8::17]:4711";proto=https, for=10.0.0.5;by=10.0.0.1' };
    expect(resolveClientIp('127.0.0.1', headers, lan, 'forwarded')).toBe('2001:db8::17');
    expect(resolveClientIp('127.0.0.1', { forwarded: 'for=192.0.2.60:8080' }, lan, 'forwarded')).toBe(
      '192.0.2.60',
    );
  });

  it('falls back to the peer when the header holds no address', () => {
    expect(resolveClientIp('127.0.0.1', { 'x-forwarded-for': 'garbage' }, lan)).toBe('127.0.0.1');
    expect(resolveClientIp(undefined, {}, none)).toBe('unknown');
  });

  it('reads only the one header the proxy writes: a spoofed Forwarded or X-Real-IP is ignored', () => {
    // The proxy appends the peer it saw to X-Forwarded-For and passes every other header on.
    const spoofed = {
      'x-forwarded-for': '198.51.100.7',
      forwarded: 'for=6.6.6.6',
      'x-real-ip': '7.7.7.7',
    };
    expect(resolveClientIp('127.0.0.1', spoofed, lan)).toBe('198.51.100.7');
    expect(resolveClientIp('127.0.0.1', spoofed, lan, 'x-forwarded-for')).toBe('198.51.100.7');
    // The configured header is missing: the peer, never another header.
    expect(resolveClientIp('127.0.0.1', { 'x-real-ip': '7.7.7.7' }, lan)).toBe('127.0.0.1');
    expect(resolveClientIp('127.0.0.1', { 'x-forwarded-for': '7.7.7.7' }, lan, 'forwarded')).toBe(
      '127.0.0.1',
    );
    // A proxy that writes X-Real-IP (nginx `proxy_set_header X-Real-IP $remote_addr`).
    expect(resolveClientIp('127.0.0.1', spoofed, lan, 'x-real-ip')).toBe('7.7.7.7');
    expect(resolveClientIp('127.0.0.1', { 'x-real-ip': 'garbage' }, lan, 'x-real-ip')).toBe('127.0.0.1');
  });

  it('rejects a trust entry that is not an address or range', () => {
    expect(() => compileTrustProxy(['proxy.internal'])).toThrow(/proxy.internal/);
  });
});

describe('normalizeIp', () => {
  it.each([
    ['::ffff:192.0.2.1', '192.0.2.1'],
    ['[::1]:80', '::1'],
    [' 192.0.2.1:443 ', '192.0.2.1'],
    ['unknown', undefined],
    ['_hidden', undefined],
  ])('%s → %s', (raw, ip) => {
    expect(normalizeIp(raw)).toBe(ip);
  });
});
