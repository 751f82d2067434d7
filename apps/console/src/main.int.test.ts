import { testServiceBoot } from '@repowiki/devstack/testing';

testServiceBoot('console', { invalid: ['CONSOLE_SESSION_TTL_MS', 'a day'] });
