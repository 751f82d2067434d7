export { buildConsoleWeb } from './console-web.js';
export { ensureNats, type NatsHandle } from './nats.js';
export { runService, type ServiceExit, type ServiceProcess } from './service-process.js';
export { REPO_ROOT, SERVICES, type ServiceSpec, serviceArgs } from './services.js';
export { stopProcess } from './stop-process.js';
export { Supervisor, type SupervisorOptions } from './supervisor.js';
export { waitForHttp } from './wait-for-http.js';
