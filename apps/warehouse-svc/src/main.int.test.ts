import { testServiceBoot } from '@repowiki/devstack/testing';

testServiceBoot('warehouse-svc', { invalid: ['UPDATE_INTERVAL', 'weekly'] });
