import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { cpuSince, cpuSnapshot } from './cpu.js';
import { drive, LatencyRecorder, type RunResult, summarise, taskIndex } from './stats.js';

interface Options {
  redisUrl: string;
  tasks: number;
  pacedTasks: number;
  rate: number;
}

/** Warm-up jobs through the measured queue and worker before timing. */
const WARM_UP = 3_000;

async function run(o: Options, mode: string, count: number, ratePerSec?: number): Promise<RunResult> {
  // BullMQ's ESM build wants constructed clients; a worker needs its own (blocking) one.
  const producer = new Redis(o.redisUrl, { maxRetriesPerRequest: null });
  const consumer = new Redis(o.redisUrl, { maxRetriesPerRequest: null });
  const name = `bench-${Date.now().toString(36)}`;
  const queue = new Queue(name, { connection: producer });
  const recorder = new LatencyRecorder(count);
  const worker = new Worker(name, async () => null, {
    connection: consumer,
    concurrency: 1024,
    autorun: true,
  });
  // Completion as a user sees it: the worker's `completed` event for the job.
  let warm = 0;
  let warmDone: () => void = () => {};
  const warmed = new Promise<void>((r) => {
    warmDone = r;
  });
  worker.on('completed', (job) => {
    if (job.name === 'warm-up') {
      if (++warm === WARM_UP) warmDone();
      return;
    }
    recorder.done(taskIndex(job.id ?? ''));
  });
  await worker.waitUntilReady();
  // The same warm-up as the runtime's: through this queue and worker, untimed.
  await drive(WARM_UP, (i) => queue.add('warm-up', { i }, { removeOnComplete: true, removeOnFail: true }), {
    window: 1024,
  });
  await warmed;
  const cpu0 = cpuSnapshot();
  const started = performance.now();
  await drive(
    count,
    async (i) => {
      const jobId = `${name}-${i}`;
      recorder.submit(i);
      await queue.add('noop', { i }, { jobId, removeOnComplete: true, removeOnFail: true });
    },
    { ratePerSec, window: 1024 },
  );
  await recorder.completed;
  const ended = performance.now();
  const cpu = cpuSince(cpu0);
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  producer.disconnect();
  consumer.disconnect();
  return summarise('BullMQ', mode, recorder.values(), started, ended, cpu);
}

/** One measurement, after a warm-up through the same queue and worker. */
export async function benchBullmq(o: Options, paced: boolean): Promise<RunResult> {
  return paced ? run(o, `paced ${o.rate}/s`, o.pacedTasks, o.rate) : run(o, 'full speed', o.tasks);
}
