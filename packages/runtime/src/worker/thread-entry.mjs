// Runs a thread-isolated handler inside a piscina worker thread. Plain JavaScript so it
// loads without a TypeScript loader; the handler module itself may be TS when the parent
// process runs with one (worker threads inherit execArgv).
import { pathToFileURL } from 'node:url';

export default async function runThreadTask({ module, exportName, payload, task, port }) {
  const controller = new AbortController();
  port.on('message', (msg) => {
    if (msg?.type === 'abort') controller.abort(new Error(`task aborted: ${msg.reason}`));
  });
  port.unref();
  const mod = await import(module.startsWith('file:') ? module : pathToFileURL(module).href);
  const handler = mod[exportName];
  if (typeof handler !== 'function') throw new Error(`${module} does not export a function "${exportName}"`);
  const ctx = {
    task: { ...task, submittedAt: new Date(task.submittedAt) },
    signal: controller.signal,
    progress: (p) => port.postMessage({ type: 'progress', progress: p }),
    working: () => {},
    log: (level, msg, data) => port.postMessage({ type: 'log', level, msg, data }),
  };
  try {
    return await handler(payload, ctx);
  } finally {
    port.close();
  }
}
