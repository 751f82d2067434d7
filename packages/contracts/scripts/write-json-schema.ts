/**
 * Writes JSON Schema (draft 2020-12) for every task payload and result to
 * `json-schema/`, for producers written in other languages.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { TASKS } from '../src/catalog.js';

const outDir = join(import.meta.dirname, '..', 'json-schema');
mkdirSync(outDir, { recursive: true });
for (const [subject, task] of Object.entries(TASKS)) {
  const doc = {
    subject,
    description: task.description,
    payload: z.toJSONSchema(task.payload, { io: 'input' }),
    result: z.toJSONSchema(task.result, { io: 'output', unrepresentable: 'any' }),
  };
  writeFileSync(join(outDir, `${subject}.json`), `${JSON.stringify(doc, null, 2)}\n`);
}
console.log(`wrote ${Object.keys(TASKS).length} schemas to ${outDir}`);
