export { withDatabase } from './database-url.js';
export type { FileFixtures, TestFixtures } from './fixtures.js';
export {
  assertNoLeakedNats,
  cloneTemplateDatabase,
  connectNats,
  test,
  uniqueName,
  waitFor,
} from './fixtures.js';
export type { NatsServerHandle, NatsServerOptions } from './nats-server.js';
export { startNatsServer } from './nats-server.js';
export {
  adaptConfig,
  createSecuredNatsSecrets,
  INFRA_NATS_DIR,
  type SecuredNats,
  type SecuredNatsOptions,
  type SecuredNatsSecrets,
  startSecuredNats,
} from './secured-nats.js';
export { createTestCa, issueTestCertificate, type TestCa, type TestCertificate } from './test-certs.js';
