import { describe, expect, it } from 'vitest';
import { cell, duration, toDate } from './output.js';

describe('output helpers', () => {
  it('prints durations the way people read them', () => {
    expect(duration(250)).toBe('250ms');
    expect(duration(1_234)).toBe('1.2s');
    expect(duration(75_000)).toBe('1m15s');
    expect(duration(3_780_000)).toBe('1h3m');
  });

  it('shows timestamps as ISO-8601 UTC whether they come as Date or text', () => {
    expect(cell(new Date('2024-03-01T10:00:00Z'))).toBe('2024-03-01T10:00:00.000Z');
    expect(cell('2024-03-01 11:00:00+01')).toBe('2024-03-01T10:00:00.000Z');
    expect(cell({ a: 1 })).toBe('{"a":1}');
    expect(cell(null)).toBe('');
    expect(toDate('garbage')).toBeNull();
  });
});
