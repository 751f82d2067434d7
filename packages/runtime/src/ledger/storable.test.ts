import { describe, expect, it } from 'vitest';
import { storableJson, storableText } from './storable.js';

describe('storableText', () => {
  it('keeps clean strings and well-formed pairs, replaces NUL and lone surrogates', () => {
    expect(storableText('plain')).toBe('plain');
    expect(storableText('emoji 😀')).toBe('emoji 😀');
    expect(storableText('a\u0000b')).toBe('a\ufffdb');
    expect(storableText('x\ud800')).toBe('x\ufffd');
    expect(storableText('\udc00y')).toBe('\ufffdy');
    expect(storableText('\udc00\ud800')).toBe('\ufffd\ufffd');
    expect(storableText(null)).toBeNull();
  });
});

describe('storableJson', () => {
  it('returns clean JSON text unchanged (same string)', () => {
    const t = '{"a":"b","n":[1,2]}';
    expect(storableJson(t)).toBe(t);
  });
  it('escapes NUL and lone surrogates inside values and keys', () => {
    const t = JSON.stringify({ 'k\u0000': ['x\ud800', { y: 'ok 😀' }], n: 1 });
    expect(JSON.parse(storableJson(t))).toEqual({ 'k\ufffd': ['x\ufffd', { y: 'ok 😀' }], n: 1 });
  });
  it('stores non-JSON text as a JSON string', () => {
    expect(storableJson('raw\u0000text')).toBe(JSON.stringify('raw\ufffdtext'));
  });
  it('leaves an escaped backslash followed by u0000 as it is', () => {
    const t = JSON.stringify({ a: '\\u0000' });
    expect(JSON.parse(storableJson(t))).toEqual({ a: '\\u0000' });
  });
  it('keeps escaped well-formed surrogate pairs', () => {
    expect(JSON.parse(storableJson('{"e":"\\ud83d\\ude00"}'))).toEqual({ e: '😀' });
  });
});
