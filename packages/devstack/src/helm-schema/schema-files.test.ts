import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { helmSchemaFiles } from './schema-files.js';

describe('values.schema.json of every chart', () => {
  it.each(helmSchemaFiles())(
    '$chart is up to date (pnpm --filter @repowiki/devstack helm-schemas)',
    ({ path, text }) => {
      expect(readFileSync(path, 'utf8')).toBe(text);
    },
  );
});
