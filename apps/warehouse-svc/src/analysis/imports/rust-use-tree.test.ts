import { describe, expect, it } from 'vitest';
import { expandUseTree } from './rust-use-tree.js';

describe('expandUseTree', () => {
  it('expands nested braces, drops self inside braces, globs and aliases', () => {
    expect(expandUseTree('crate::{a::B, c::{self, D as E}, f::*}')).toEqual([
      ['crate', 'a', 'B'],
      ['crate', 'c'],
      ['crate', 'c', 'D'],
      ['crate', 'f'],
    ]);
    expect(expandUseTree('self::x::Y')).toEqual([['self', 'x', 'Y']]);
    expect(expandUseTree('super::super::z')).toEqual([['super', 'super', 'z']]);
    expect(expandUseTree('::std::io')).toEqual([['', 'std', 'io']]);
    expect(expandUseTree('{alpha, beta::Gamma}')).toEqual([['alpha'], ['beta', 'Gamma']]);
  });

  it('stops on malformed text and bounds what it returns', () => {
    expect(expandUseTree('crate::{a::, }}}{{')).toEqual([['crate', 'a']]);
    const many = `x::{${Array.from({ length: 500 }, (_, i) => `n${i}`).join(', ')}}`;
    expect(expandUseTree(many).length).toBe(64);
  });
});
