/**
 * `submit()` could not confirm the publish within its deadline (no PubAck: NATS unreachable or
 * slow). The task is NOT lost: its ledger row stays PENDING, so `status()` says PENDING, and
 * the pending sweep re-publishes it with the same id (`Nats-Msg-Id`) — it runs once, as soon as
 * NATS takes it. Do not re-submit under a new id.
 */
export class SubmitUnconfirmedError extends Error {
  override readonly name = 'SubmitUnconfirmedError';
  readonly taskId: string;
  constructor(taskId: string, waitedMs: number, options: { cause?: unknown } = {}) {
    super(
      `task ${taskId} is recorded as PENDING but its publish was not confirmed within ${waitedMs} ms; ` +
        'it will be re-published with the same id',
      options,
    );
    this.taskId = taskId;
  }
}
