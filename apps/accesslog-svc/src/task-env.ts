import {
  type IpAnonymization,
  ipAnonymizationEnvShape,
  ipAnonymizationOf,
  parseEnv,
} from '@repowiki/runtime';
import { z } from 'zod';

const anonymizationSchema = z.object(ipAnonymizationEnvShape());

/**
 * How much of a client address `record` stores. Handlers receive only (items, ctx), so they
 * read it here, with the schema that validated it at boot (`env.ts`).
 */
export function readIpAnonymization(source: NodeJS.ProcessEnv = process.env): IpAnonymization {
  return ipAnonymizationOf(parseEnv(anonymizationSchema, source));
}
