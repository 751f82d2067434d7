import { describe, expect, it } from 'vitest';
import { serverHonoursTermReason } from './dead-letter.js';

describe('serverHonoursTermReason', () => {
  it('is false before 2.10 and for unknown versions, true from 2.10 on', () => {
    expect(serverHonoursTermReason('2.9.25')).toBe(false);
    expect(serverHonoursTermReason(undefined)).toBe(false);
    expect(serverHonoursTermReason('garbage')).toBe(false);
    expect(serverHonoursTermReason('2.10.0')).toBe(true);
    expect(serverHonoursTermReason('2.11.3')).toBe(true);
    expect(serverHonoursTermReason('3.0.0')).toBe(true);
  });
});
