import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { serviceEnvSchema } from './env.schema.js';
import { editDistance, envSchemaNames, findEnvTypos } from './env-typos.js';

const schema = serviceEnvSchema({ httpPort: 3199 }, { UPDATE_INTERVAL: z.string().optional() });
const known = envSchemaNames(schema);

describe('envSchemaNames', () => {
  it('reads the names under the refinements and the transform, own variables included', () => {
    expect(known).toEqual(
      expect.arrayContaining(['NATS_URL', 'TASK_TIME_LIMIT', 'LOG_FORMAT', 'UPDATE_INTERVAL']),
    );
    expect(envSchemaNames(schema.superRefine(() => {}))).toEqual(known);
  });
});

describe('findEnvTypos', () => {
  it.each([
    ['TASK_TIME_LIMT', 'TASK_TIME_LIMIT'], // a letter left out
    ['TASK_SOFT_TIME_LIMTI', 'TASK_SOFT_TIME_LIMIT'], // two letters swapped
    ['WORKER_CONCURENCY', 'WORKER_CONCURRENCY'],
    ['DATABSE_URL', 'DATABASE_URL'],
    ['LOGLEVEL', 'LOG_LEVEL'],
    ['UPDATE_INTERVALS', 'UPDATE_INTERVAL'], // a service's own variable
    ['log_level', 'LOG_LEVEL'], // case
    ['STATS_TASK_MAX_SIZE_PER_USER', 'TASK_MAX_SIZE_PER_USER'], // a prefix of its own
    ['REPOWIKI_NATS_URL', 'NATS_URL'],
  ])('%s → did you mean %s?', (variable, didYouMean) => {
    expect(findEnvTypos({ [variable]: '1' }, known)).toEqual([{ variable, didYouMean }]);
  });

  it('stays quiet about the names it reads and about unrelated variables of a real machine', () => {
    const env = Object.fromEntries(
      [
        ...known,
        'PATH',
        'HOME',
        'HOSTNAME',
        'PWD',
        'SHELL',
        'TERM',
        'LANG',
        'NODE_OPTIONS',
        'NODE_EXTRA_CA_CERTS',
        'HTTP_PROXY',
        'HTTPS_PROXY',
        'NO_PROXY',
        'NO_COLOR',
        'FORCE_COLOR',
        'KUBERNETES_SERVICE_HOST',
        'KUBERNETES_PORT',
        'PNPM_HOME',
        'npm_config_user_agent',
        'REPOSITORIES_DIR',
        'BACKUP_DIR',
        'BACKUP_SIGNING_KEY',
        'ADMIN_GENERATED_PASSWORD_FILE',
        'ALLOW_LOCAL_REPOS',
        'LOCAL_REPO_ROOTS',
        'DEVSTACK_DIR',
        'DEVSTACK_PORT_OFFSET',
      ].map((k) => [k, 'x']),
    );
    expect(findEnvTypos(env, known)).toEqual([]);
  });

  it('compares short names exactly only and picks the closest of several', () => {
    expect(findEnvTypos({ PORT: '1' }, ['PATH'])).toEqual([]);
    expect(findEnvTypos({ NATS_USR: '1' }, ['NATS_USER', 'NATS_URL'])).toEqual([
      { variable: 'NATS_USR', didYouMean: 'NATS_USER' },
    ]);
  });

  it('lists every typo, sorted', () => {
    expect(
      findEnvTypos({ TASK_TIME_LIMT: '1', HTTP_PROT: '1', OK: '1' }, known).map((t) => t.variable),
    ).toEqual(['HTTP_PROT', 'TASK_TIME_LIMT']);
  });
});

describe('editDistance', () => {
  it('counts inserts, deletes, replacements and neighbour swaps', () => {
    expect(editDistance('LIMIT', 'LIMIT')).toBe(0);
    expect(editDistance('LIMT', 'LIMIT')).toBe(1);
    expect(editDistance('LIMTI', 'LIMIT')).toBe(1);
    expect(editDistance('KITTEN', 'SITTING')).toBe(3);
    expect(editDistance('', 'AB')).toBe(2);
  });
});
