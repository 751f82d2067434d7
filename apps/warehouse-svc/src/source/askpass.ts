import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GitCredential } from '../config/warehouse-config.js';

/**
 * Askpass helper: answers git's two prompts for ONE origin, word for word, and nothing
 * else. git words them `Username for '<scheme>://<host>': ` and
 * `Password for '<scheme>://<user>@<host>': `; a prompt for any other host (a redirect,
 * a submodule, a proxy) gets no answer, so a credential never leaves its host.
 */
const ASKPASS_SCRIPT = `#!/bin/sh
if [ "$1" = "$REPOWIKI_GIT_USERNAME_PROMPT" ]; then
  printf '%s\\n' "$REPOWIKI_GIT_USERNAME"
elif [ "$1" = "$REPOWIKI_GIT_PASSWORD_PROMPT" ]; then
  printf '%s\\n' "$REPOWIKI_GIT_PASSWORD"
else
  exit 1
fi
`;

export interface Askpass {
  /** Variables for git's environment (GIT_ASKPASS and what the script reads). */
  readonly env: Record<string, string>;
  /** Removes the script; MUST run once git has exited. */
  dispose(): Promise<void>;
}

/**
 * Writes the askpass script (0700, in a fresh temp dir) for `credential`, bound to
 * `origin` (`https://host[:port]`, as git prints it: no default port).
 */
export async function createAskpass(credential: GitCredential, origin: string): Promise<Askpass> {
  const dir = await mkdtemp(join(tmpdir(), 'repowiki-askpass-'));
  const script = join(dir, 'askpass.sh');
  await writeFile(script, ASKPASS_SCRIPT, { mode: 0o700 });
  await chmod(script, 0o700);
  const [scheme, rest] = origin.split('://');
  return {
    env: {
      GIT_ASKPASS: script,
      REPOWIKI_GIT_USERNAME_PROMPT: `Username for '${origin}': `,
      REPOWIKI_GIT_PASSWORD_PROMPT: `Password for '${scheme}://${credential.username}@${rest}': `,
      REPOWIKI_GIT_USERNAME: credential.username,
      REPOWIKI_GIT_PASSWORD: credential.password,
    },
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}
