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
