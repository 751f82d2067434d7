import { fileURLToPath } from 'node:url';
import { directory, positiveInt, serviceEnvSchema } from '@repowiki/runtime';
import { z } from 'zod';

/** The built front-end: `dist/web` beside `src/` and `dist/` (vite's outDir). */
const DEFAULT_WEB_DIR = fileURLToPath(new URL('../dist/web', import.meta.url));

/** A token long enough not to be guessed; its text is never echoed. */
const token = (name: string) =>
  z
    .string()
    .trim()
    .min(24, { error: `${name} must be at least 24 characters (e.g. \`openssl rand -hex 24\`)` })
    .max(512, { error: 'at most 512 characters' })
    .optional();

/**
 * The console's configuration: the variables every service reads (NATS, DATABASE_URL; see the
 * root README) plus its own. Parsed once at boot; a bad value stops it with a line naming the
 * variable.
 */
export const envSchema = serviceEnvSchema(
  { httpPort: 3107 },
  {
    /**
     * Operators' token: everything, actions included. **Required** when NODE_ENV=production;
     * in development a random one is made at boot and the login URL is logged.
     */
    CONSOLE_TOKEN: token('CONSOLE_TOKEN'),
    /** Viewers' token: every screen, no action. @default none (no viewer access) */
    CONSOLE_VIEWER_TOKEN: token('CONSOLE_VIEWER_TOKEN'),
    /** How long a login lasts, ms. @default 43_200_000 (12 h) */
    CONSOLE_SESSION_TTL_MS: positiveInt(43_200_000),
    /** Where the built front-end is. @default dist/web of the app */
    CONSOLE_WEB_DIR: directory(DEFAULT_WEB_DIR),
  },
).superRefine((env, ctx) => {
  if (env.NODE_ENV === 'production' && !env.CONSOLE_TOKEN) {
    ctx.addIssue({ code: 'custom', path: ['CONSOLE_TOKEN'], message: 'required when NODE_ENV=production' });
  }
  if (env.CONSOLE_TOKEN && env.CONSOLE_TOKEN === env.CONSOLE_VIEWER_TOKEN) {
    ctx.addIssue({
      code: 'custom',
      path: ['CONSOLE_VIEWER_TOKEN'],
      message: 'must differ from CONSOLE_TOKEN (a viewer would be an operator)',
    });
  }
});

export type Env = z.output<typeof envSchema>;
