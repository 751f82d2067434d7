import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { intArray, textArray } from './pg-array.js';

const sql = postgres(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', {
  max: 1,
  onnotice: () => {},
});
afterAll(() => sql.end());

describe('array literals', () => {
  it('round-trips quotes, backslashes, commas, braces, NULL, empty strings and unicode through text[]', async () => {
    const xs = ['plain', 'a"b', 'back\\slash', 'x,y', '{z}', 'NULL', '', ' sp ', 'é✓😀', null];
    // Read back as JSON text: what the server parsed, not how a client decodes arrays.
    const [row] = await sql<{ v: string }[]>`select array_to_json(${textArray(xs)}::text::text[])::text as v`;
    expect(JSON.parse(row!.v)).toEqual(xs);
  });

  it('round-trips integers through int8[] and refuses a non-integer', async () => {
    const xs = [0, -1, 2 ** 53 - 1, null];
    const [row] = await sql<{ v: string }[]>`select array_to_json(${intArray(xs)}::text::int8[])::text as v`;
    expect(JSON.parse(row!.v)).toEqual(xs);
    expect(() => intArray([1.5])).toThrow(TypeError);
    expect(textArray([])).toBe('{}');
  });

  it('work on a pool that has no array types (as a pool whose type fetch was cut short)', async () => {
    const bare = postgres(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', {
      max: 1,
      onnotice: () => {},
      fetch_types: false,
    });
    try {
      const ids = ['a', 'b'];
      // What a JS array parameter does on such a pool: it goes out as `a,b`.
      await expect(bare`select unnest(${ids}::text[]) as id`).rejects.toThrow(/malformed array literal/);
      const rows = await bare<{ id: string }[]>`select unnest(${textArray(ids)}::text::text[]) as id`;
      expect(rows.map((r) => r.id)).toEqual(ids);
    } finally {
      await bare.end();
    }
  });
});

/**
 * A JS array handed to postgres.js's array serializer: `${x}::<type>[]`, or `any(${x})`,
 * `unnest(${x})`, `array[${x}` without textArray / intArray.
 */
const JS_ARRAY_PARAMETER =
  /\$\{[^}]*\}::(?!text::)[a-z_0-9]+\[\]|(?:any|unnest)\(\$\{(?!textArray\(|intArray\()|array\[\$\{(?!textArray\(|intArray\()/i;

function sources(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'dist' || e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) sources(p, out);
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

describe('array parameters in the repository', () => {
  it('are all text literals (textArray / intArray), never JS arrays', () => {
    const root = join(import.meta.dirname, '../../..');
    const offenders = ['apps', 'packages']
      .flatMap((d) => sources(join(root, d)))
      .filter((f) => !f.endsWith('pg-array.test.ts'))
      .flatMap((f) =>
        readFileSync(f, 'utf8')
          .split('\n')
          .flatMap((line, i) =>
            JS_ARRAY_PARAMETER.test(line) ? [`${relative(root, f)}:${i + 1}: ${line.trim()}`] : [],
          ),
      );
    expect(offenders).toEqual([]);
  });
});
