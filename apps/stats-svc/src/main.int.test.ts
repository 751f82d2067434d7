import { testServiceBoot } from '@repowiki/devstack/testing';

testServiceBoot('stats-svc', { invalid: ['TASK_MAX_SIZE_PER_USER', 'abc'] });
