import {
  AckPolicy,
  type JsMsg,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
} from '@nats-io/jetstream';
import { headers, type NatsConnection, nanos } from '@nats-io/nats-core';
import type { DbClient } from '@repowiki/db';
import { BatchWriter } from '../src/ledger/batch-writer.js';
import { PipelinedPublisher } from '../src/nats/pipelined-publisher.js';
import { cpuSince, cpuSnapshot } from './cpu.js';
import { drive, LatencyRecorder, type RunResult, summarise, taskIndex } from './stats.js';

/**
 * The floor under any JetStream + PostgreSQL design, measured the same way as the other two:
 * publish with `Nats-Msg-Id` (PubAcks pipelined), a durable pull consumer on a work-queue
 * stream, ONE ledger row per task group-committed (fsync) before the ack, done at the ack.
 * No PENDING row before the publish, no read before running, no final-state update, no
 * completion event, no validation: what the runtime adds on top of this is what its
 * semantics (SPEC §3) cost. The issue quotes ~30k/s for this on an idle machine.
 */
interface Options {
  nc: NatsConnection;
  db: DbClient;
  tasks: number;
  pacedTasks: number;
  rate: number;
}

const WARM_UP = 3_000;

async function run(o: Options, mode: string, count: number, ratePerSec?: number): Promise<RunResult> {
  const name = `FLOOR_${Date.now().toString(36)}`;
  const subject = `${name.toLowerCase()}.task`;
  const jsm = await jetstreamManager(o.nc);
  await jsm.streams.add({
    name,
    subjects: [subject],
    retention: RetentionPolicy.Workqueue,
    storage: StorageType.File,
    duplicate_window: nanos(120_000),
  });
  await jsm.consumers.add(name, {
    durable_name: 'worker',
    ack_policy: AckPolicy.Explicit,
    max_ack_pending: 20_000,
    ack_wait: nanos(30_000),
  });
  const sql = o.db.ledgerSql;
  const ledger = new BatchWriter<string, null>(async (ids) => {
    await sql`insert into task_runs (id, name, queue, state)
      select id, 'floor', 'floor', 'SUCCESS' from json_array_elements_text(${JSON.stringify(ids)}::text::json) as id
      on conflict (id) do nothing`;
    return ids.map(() => null);
  });
  const recorder = new LatencyRecorder(count);
  let measuring = false;
  let warm = 0;
  let warmDone: () => void = () => {};
  const warmed = new Promise<void>((r) => {
    warmDone = r;
  });
  const onMessage = (m: JsMsg) => {
    const id = m.headers?.get('Nats-Msg-Id') ?? '';
    ledger.write(id).then(() => {
      m.ack();
      if (!measuring) {
        if (++warm === WARM_UP) warmDone();
        return;
      }
      recorder.done(taskIndex(id));
    });
  };
  const consumer = await jetstream(o.nc).consumers.get(name, 'worker');
  const messages = await consumer.consume({ max_messages: 1_024, callback: onMessage });
  const publisher = new PipelinedPublisher(o.nc);
  const publish = (id: string) => {
    const h = headers();
    h.set('Nats-Msg-Id', id);
    return publisher.publish(subject, '{}', h);
  };
  await drive(WARM_UP, (i) => publish(`${name}-warm-${i}`), { window: 1024 });
  await warmed;
  measuring = true;
  const cpu0 = cpuSnapshot();
  const started = performance.now();
  await drive(
    count,
    (i) => {
      recorder.submit(i);
      return publish(`${name}-${i}`);
    },
    { ratePerSec, window: 1024 },
  );
  await recorder.completed;
  const ended = performance.now();
  const cpu = cpuSince(cpu0);
  await messages.close();
  publisher.close();
  await jsm.streams.delete(name);
  return summarise('floor: JetStream + ledger row', mode, recorder.values(), started, ended, cpu);
}

/** One measurement of the floor, after a warm-up through the same stream and consumer. */
export async function benchFloor(o: Options, paced: boolean): Promise<RunResult> {
  return paced ? run(o, `paced ${o.rate}/s`, o.pacedTasks, o.rate) : run(o, 'full speed', o.tasks);
}
