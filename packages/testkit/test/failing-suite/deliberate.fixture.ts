import { expect, test } from 'vitest';

// Run only by exit-code.int.test.ts, in a nested vitest: it must make that run fail.
test('fails on purpose', () => {
  expect(1 + 1).toBe(3);
});
