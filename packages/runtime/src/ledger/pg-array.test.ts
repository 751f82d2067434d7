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
});
