/** Writes `json-schema/<subject>.json` for every task of the catalog. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildJsonSchemas } from '../src/json-schema.js';

const outDir = join(import.meta.dirname, '..', 'json-schema');
mkdirSync(outDir, { recursive: true });
const schemas = buildJsonSchemas();
for (const doc of schemas)
  writeFileSync(join(outDir, `${doc.subject}.json`), `${JSON.stringify(doc, null, 2)}\n`);
console.log(`wrote ${schemas.length} schemas to ${outDir}`);
