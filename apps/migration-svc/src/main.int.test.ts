import { testServiceBoot } from '@repowiki/devstack/testing';

testServiceBoot('migration-svc', { invalid: ['ADMIN_EMAIL', 'not-an-email'] });
