/**
 * A few JSON Schema (draft-07) builders, enough for Helm values: every object is closed
 * (`additionalProperties: false`), so a misspelt key fails `helm lint`/`helm template`
 * instead of being ignored.
 */
export type Schema = Record<string, unknown>;

export const str = (extra: Schema = {}): Schema => ({ type: 'string', ...extra });
export const bool = (): Schema => ({ type: 'boolean' });
export const int = (minimum = 0, maximum?: number): Schema => ({
  type: 'integer',
  minimum,
  ...(maximum === undefined ? {} : { maximum }),
});
export const oneOf = (...values: string[]): Schema => ({ type: 'string', enum: values });
/** May be null: "leave it as it is" (see nats.streams). */
export const nullable = (s: Schema): Schema => ({
  ...s,
  type: [s.type as string, 'null'],
  ...(s.enum ? { enum: [...(s.enum as unknown[]), null] } : {}),
});
export const arrayOf = (items: Schema): Schema => ({ type: 'array', items });
/** A closed object: only these keys. */
export const obj = (properties: Record<string, Schema>, required: string[] = []): Schema => ({
  type: 'object',
  additionalProperties: false,
  properties,
  ...(required.length ? { required } : {}),
});
/** A Kubernetes object passed through as it is (resources, affinity, a volume): any keys. */
export const k8s = (description: string): Schema => ({ type: 'object', description });
export const k8sList = (description: string): Schema => ({
  type: 'array',
  items: { type: 'object' },
  description,
});
/** A map of names to strings (labels, annotations, env). */
export const stringMap = (): Schema => ({ type: 'object', additionalProperties: { type: 'string' } });
export const port = (): Schema => int(1, 65_535);
/** A Kubernetes quantity or duration string such as `30s`. */
export const duration = (): Schema => str({ pattern: '^[0-9]+(ms|s|m|h)$' });

/** Every key optional, nothing required, recursively: the shape of `global` overrides. */
export function partial(s: Schema): Schema {
  if (s.type !== 'object' || !s.properties) return s;
  const properties = Object.fromEntries(
    Object.entries(s.properties as Record<string, Schema>).map(([k, v]) => [k, partial(v)]),
  );
  const { required: _required, ...rest } = s;
  return { ...rest, properties };
}
