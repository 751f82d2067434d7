import { describe, expect, it } from 'vitest';
import { viewWindows } from './view-windows.js';

describe('viewWindows', () => {
  it('starts today, the 7-day and the 30-day window at UTC midnight', () => {
    const w = viewWindows(new Date('2026-03-01T23:59:00+05:00')); // 18:59 UTC on 1 March
    expect(w.today.toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(w.week.toISOString()).toBe('2026-02-23T00:00:00.000Z');
    expect(w.month.toISOString()).toBe('2026-01-31T00:00:00.000Z');
  });

  it('uses the UTC day even when the local day already changed', () => {
    expect(viewWindows(new Date('2026-06-10T00:30:00+02:00')).today.toISOString()).toBe(
      '2026-06-09T00:00:00.000Z',
    );
  });
});
