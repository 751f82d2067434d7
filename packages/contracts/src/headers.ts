/**
 * Message headers of a task. The task id travels twice: as `Nats-Msg-Id` (server-side
 * de-duplication within the stream's duplicate window) and as `Task-Id` (kept on
 * replays, when a fresh Nats-Msg-Id is needed).
 */
export const HEADERS = {
  msgId: 'Nats-Msg-Id',
  taskId: 'Task-Id',
  userId: 'Task-User-Id',
  correlationId: 'Task-Correlation-Id',
  parentId: 'Task-Parent-Id',
  /** ISO-8601 time the producer submitted the task. */
  submittedAt: 'Task-Submitted-At',
  /** ISO-8601 time before which the task must not start (countdown / eta). */
  notBefore: 'Task-Not-Before',
  /** ISO-8601 time after which the task must not start: it ends REVOKED (`expired`) unrun. */
  expires: 'Task-Expires',
  /** On DLQ messages: why the message was dead-lettered. */
  dlqReason: 'Dlq-Reason',
  /** On DLQ messages: machine-readable code, see `DlqCode`. */
  dlqCode: 'Dlq-Code',
  dlqOriginalSubject: 'Dlq-Original-Subject',
  dlqStream: 'Dlq-Stream',
  dlqStreamSeq: 'Dlq-Stream-Seq',
  dlqAttempts: 'Dlq-Attempts',
  /** On DLQ entries of one part of a message (one bad entry of a batched access-log message): its index. */
  dlqPart: 'Dlq-Part',
} as const;

export const DLQ_CODES = [
  'invalid_json',
  'invalid_payload',
  'unknown_subject',
  'non_retriable',
  'retries_exhausted',
  'time_limit',
  /** Its worker died on every attempt (OOM, process.exit, kill): counted at claim time. */
  'worker_crashed',
  /** A value the ledger cannot store even escaped. */
  'unstorable',
] as const;
export type DlqCode = (typeof DLQ_CODES)[number];
