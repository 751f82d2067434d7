import { BUS_IDENTITIES, BUS_IDENTITY_ROLES, type BusIdentity, busPermissions } from './bus-access.js';

/** The NATS account every identity of this system lives in (JetStream enabled). */
export const NATS_ACCOUNT = 'REPOWIKI';

/**
 * Environment variable of the nats-server process holding an identity's password, e.g.
 * `REPOWIKI_NATS_WAREHOUSE_SVC_PASSWORD`. The server reads it when it loads its config.
 */
export function passwordVariable(identity: BusIdentity): string {
  return `REPOWIKI_NATS_${identity.toUpperCase().replaceAll('-', '_')}_PASSWORD`;
}

const HEADER = `# GENERATED from packages/contracts/src/bus-access.ts by
#   pnpm --filter @repowiki/contracts nats-accounts
# Do not edit: change bus-access.ts and re-run (a test fails while this file is stale).
#
# Who may publish and subscribe to what on the bus; included by single.conf and
# cluster-node-*.conf. One user per identity; each password comes from the environment of
# the nats-server process (from a Kubernetes Secret), never from this file. nats-server
# refuses to start when one is missing. It reads the value as a config value, so the value
# MUST be in double quotes: REPOWIKI_NATS_WEB_PASSWORD='"7f3…"' (unquoted, a password that
# starts with a digit or holds '#' fails or is cut short). A bcrypt hash, quoted the same
# way ("$2a$11$…"), keeps the password itself off the server. See infra/README.md.
# Anything not allowed below is refused with "Permissions Violation".`;

/** `"a", "b"` on separate lines, indented. */
function list(subjects: readonly string[], indent: string): string {
  return `[\n${subjects.map((s) => `${indent}  ${JSON.stringify(s)}`).join('\n')}\n${indent}]`;
}

function user(identity: BusIdentity): string {
  const perms = busPermissions(identity);
  const head = `        user: ${JSON.stringify(identity)}\n        password: $${passwordVariable(identity)}`;
  if (perms === 'all') return `      {\n${head}\n      }`;
  const i = '          ';
  return [
    '      {',
    head,
    '        permissions: {',
    `          publish: { allow: ${list(perms.publish, i)} }`,
    `          subscribe: { allow: ${list(perms.subscribe, i)} }`,
    ...(perms.allowResponses ? ['          allow_responses: true'] : []),
    '        }',
    '      }',
  ].join('\n');
}

/** The `accounts { … }` block of the shipped nats-server configuration. */
export function renderNatsAccounts(): string {
  const users = BUS_IDENTITIES.map((id) => `      # ${id}: ${BUS_IDENTITY_ROLES[id]}\n${user(id)}`).join(
    '\n',
  );
  return `${HEADER}

accounts {
  ${NATS_ACCOUNT}: {
    jetstream: enabled
    users: [
${users}
    ]
  }
}
`;
}
