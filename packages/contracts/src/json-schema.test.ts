import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildJsonSchemas } from './json-schema.js';

describe('JSON Schema for other languages', () => {
  it('covers every task, and the committed files match the catalog (run `pnpm --filter @repowiki/contracts json-schema`)', () => {
    const schemas = buildJsonSchemas();
    expect(schemas).toHaveLength(25);
    for (const doc of schemas) {
      const committed = readFileSync(new URL(`../json-schema/${doc.subject}.json`, import.meta.url), 'utf8');
      expect(JSON.parse(committed)).toEqual(JSON.parse(JSON.stringify(doc)));
    }
  });

  it('describes a payload the way a producer needs it', () => {
    const process = buildJsonSchemas().find((d) => d.subject === 'tasks.warehouse.process')!;
    expect(process.payload).toMatchObject({
      type: 'object',
      required: ['warehouseId'],
      properties: { warehouseId: { type: 'string', format: 'uuid' } },
      additionalProperties: false,
    });
  });
});
