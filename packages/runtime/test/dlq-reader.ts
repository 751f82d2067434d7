import type { JetStreamManager } from '@nats-io/jetstream';

export interface DlqEntry {
  subject: string;
  code: string | undefined;
  reason: string | undefined;
  taskId: string | undefined;
  userId: string | undefined;
  originalSubject: string | undefined;
  data: string;
}

/** Everything in a DLQ stream, oldest first. */
export async function readDlq(jsm: JetStreamManager, stream: string): Promise<DlqEntry[]> {
  const info = await jsm.streams.info(stream).catch(() => undefined);
  if (!info) return [];
  const out: DlqEntry[] = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const m = await jsm.streams.getMessage(stream, { seq }).catch(() => null);
    if (!m) continue;
    out.push({
      subject: m.subject,
      code: m.header.get('Dlq-Code') || undefined,
      reason: m.header.get('Dlq-Reason') || undefined,
      taskId: m.header.get('Task-Id') || undefined,
      userId: m.header.get('Task-User-Id') || undefined,
      originalSubject: m.header.get('Dlq-Original-Subject') || undefined,
      data: m.string(),
    });
  }
  return out;
}
