import { describe, expect, it } from 'vitest';
import { fireTaskId } from './task-id.js';

describe('fireTaskId', () => {
  it('is the same for the same entry and slot, on any replica', () => {
    expect(fireTaskId('generate-minimaps', 1_700_000_000_000)).toBe(
      fireTaskId('generate-minimaps', 1_700_000_000_000),
    );
  });

  it('differs between slots and between entries, and is shaped as a UUID', () => {
    const ids = new Set([fireTaskId('a', 1000), fireTaskId('a', 2000), fireTaskId('b', 1000)]);
    expect(ids.size).toBe(3);
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
