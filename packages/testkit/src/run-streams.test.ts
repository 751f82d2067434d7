import { describe, expect, it } from 'vitest';
import { isRunTestStream } from './run-streams.js';

describe('isRunTestStream', () => {
  it("matches this run's test streams only, never another run's or production ones", () => {
    expect(isRunTestStream('RT_0A1B2C3D4E_TASKS_WAREHOUSE', '0a1b')).toBe(true);
    expect(isRunTestStream('RT_0A1B2C3D4E_DLQ', '0a1b')).toBe(true);
    // A concurrent run on the same server (another tag): left alone.
    expect(isRunTestStream('RT_FFFF2C3D4E_TASKS_WAREHOUSE', '0a1b')).toBe(false);
    expect(isRunTestStream('TASKS_WAREHOUSE', '0a1b')).toBe(false);
    expect(isRunTestStream('PROD_TASKS_WAREHOUSE', '0a1b')).toBe(false);
  });
});
