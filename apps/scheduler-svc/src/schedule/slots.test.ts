import { describe, expect, it } from 'vitest';
import { nextSlotAfter, slotAtOrBefore, slotsBetween } from './slots.js';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe('interval slots', () => {
  const every5m = { everySeconds: 300, timezone: 'UTC' };

  it('aligns to the epoch so every replica computes the same slot', () => {
    expect(iso(slotAtOrBefore(every5m, at('2024-03-01T10:07:12Z')))).toBe('2024-03-01T10:05:00.000Z');
    expect(iso(slotAtOrBefore(every5m, at('2024-03-01T10:05:00Z')))).toBe('2024-03-01T10:05:00.000Z');
    expect(iso(nextSlotAfter(every5m, at('2024-03-01T10:05:00Z')))).toBe('2024-03-01T10:10:00.000Z');
  });

  it('lists the slots of a range, keeping only the most recent ones', () => {
    const s = slotsBetween(
      { everySeconds: 1, timezone: 'UTC' },
      at('2024-01-01T00:00:00Z'),
      at('2024-01-01T00:00:10.5Z'),
      3,
    );
    expect(s.map(iso)).toEqual([
      '2024-01-01T00:00:08.000Z',
      '2024-01-01T00:00:09.000Z',
      '2024-01-01T00:00:10.000Z',
    ]);
  });
});

describe('cron slots', () => {
  it('reads the expression in UTC by default', () => {
    const daily = { cron: '0 1 * * *', timezone: 'UTC' };
    expect(iso(slotAtOrBefore(daily, at('2024-03-01T00:59:59Z')))).toBe('2024-02-29T01:00:00.000Z');
    expect(iso(slotAtOrBefore(daily, at('2024-03-01T01:00:00Z')))).toBe('2024-03-01T01:00:00.000Z');
    expect(iso(nextSlotAfter(daily, at('2024-03-01T01:00:00Z')))).toBe('2024-03-02T01:00:00.000Z');
  });

  it('honours a per-entry time zone, across a DST change', () => {
    const berlin = { cron: '0 1 * * *', timezone: 'Europe/Berlin' };
    // CET (UTC+1) in winter, CEST (UTC+2) after 2024-03-31.
    expect(iso(nextSlotAfter(berlin, at('2024-03-01T12:00:00Z')))).toBe('2024-03-02T00:00:00.000Z');
    expect(iso(nextSlotAfter(berlin, at('2024-04-10T12:00:00Z')))).toBe('2024-04-10T23:00:00.000Z');
  });

  it('walks back over several slots', () => {
    const s = slotsBetween(
      { cron: '0 2 * * *', timezone: 'UTC' },
      at('2024-03-01T02:00:00Z'),
      at('2024-03-04T03:00:00Z'),
      10,
    );
    expect(s.map(iso)).toEqual([
      '2024-03-02T02:00:00.000Z',
      '2024-03-03T02:00:00.000Z',
      '2024-03-04T02:00:00.000Z',
    ]);
  });
});
