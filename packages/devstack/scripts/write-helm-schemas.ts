/** Writes every chart's values.schema.json from src/helm-schema (a test fails while one is stale). */
import { writeFileSync } from 'node:fs';
import { helmSchemaFiles } from '../src/helm-schema/schema-files.js';

for (const { path, text } of helmSchemaFiles()) {
  writeFileSync(path, text);
  console.log(`wrote ${path}`);
}
