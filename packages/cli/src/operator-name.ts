import { userInfo } from 'node:os';
import type { GlobalOptions } from './global-options.js';

/** Who is acting, for `paused by`: the NATS user when there is one, else the OS user. */
export function operatorName(options: GlobalOptions): string {
  if (options.natsUser ?? process.env.NATS_USER) return String(options.natsUser ?? process.env.NATS_USER);
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
