import { BadRequestException } from '@nestjs/common';
import type { z } from 'zod';

/** Validates request input with its contracts schema: a 400 naming the first bad field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw new BadRequestException(`${issue?.path.join('.') || 'input'}: ${issue?.message ?? 'invalid'}`);
}

/** A path parameter that must be a UUID (warehouse and catalog ids). */
export function uuidParam(value: string): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value))
    throw new BadRequestException('expected a UUID');
  return value;
}

/** Dates as ISO strings (and nothing but JSON), as the contracts' schemas read them. */
export function json<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
