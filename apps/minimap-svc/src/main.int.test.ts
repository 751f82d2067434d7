import { testServiceBoot } from '@repowiki/devstack/testing';

testServiceBoot('minimap-svc', { invalid: ['LOG_LEVEL', 'loud'] });
