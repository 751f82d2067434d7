import { testServiceBoot } from '@repowiki/devstack/testing';

testServiceBoot('accesslog-svc', { invalid: ['WORKER_CONCURRENCY', '0'] });
