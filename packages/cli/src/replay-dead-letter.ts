import type { TaskClient } from '@repowiki/runtime/client';
import type { DeadLetter } from '@repowiki/runtime/ops';
import { getDeadLetter, replayDeadLetter as replay } from '@repowiki/runtime/ops';
import type { Connections } from './connections.js';

export interface Replayed {
  taskId: string;
  subject: string;
  client: TaskClient;
}

/** `tasks dlq replay <seq>`: see `replayDeadLetter` in `@repowiki/runtime/ops`. */
export async function replayDeadLetter(conn: Connections, seq: number): Promise<Replayed> {
  return replayLetter(conn, await getDeadLetter(await conn.jsm(), await conn.topology(), seq));
}

/** Replays one dead letter as read by a bulk replay (two at once run each entry once). */
export async function replayLetter(conn: Connections, d: DeadLetter): Promise<Replayed> {
  const client = await conn.client();
  return { ...(await replay(client, await conn.jsm(), d)), client };
}
