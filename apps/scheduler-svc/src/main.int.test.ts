import { testServiceBoot } from '@repowiki/devstack/testing';

testServiceBoot('scheduler-svc', { invalid: ['NATS_URL', 'localhost'] });
