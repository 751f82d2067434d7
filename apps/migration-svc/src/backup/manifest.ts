import { z } from 'zod';

export const MANIFEST_FILE = 'manifest.json';

/** What a backup folder holds; restore trusts nothing that this does not vouch for. */
export const ManifestSchema = z.object({
  format: z.literal(1),
  createdAt: z.iso.datetime(),
  /** Newest applied drizzle migration (its `created_at`): restore needs the same schema. */
  schemaVersion: z.string(),
  tables: z.array(
    z.object({
      name: z.string().regex(/^[a-z_][a-z0-9_]*$/),
      file: z.string().regex(/^[a-z0-9_]+\.copy$/),
      rows: z.int().nonnegative(),
      bytes: z.int().nonnegative(),
      /** Hex sha256 of the file. */
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
    }),
  ),
});
export type Manifest = z.infer<typeof ManifestSchema>;
