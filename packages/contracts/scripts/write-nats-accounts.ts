/** Writes `infra/nats/accounts.conf` (users and permissions of the bus) from bus-access.ts. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderNatsAccounts } from '../src/nats-accounts.js';

const out = join(import.meta.dirname, '..', '..', '..', 'infra', 'nats', 'accounts.conf');
writeFileSync(out, renderNatsAccounts());
console.log(`wrote ${out}`);
