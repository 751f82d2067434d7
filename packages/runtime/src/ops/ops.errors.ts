/**
 * Errors of the operator operations (`@repowiki/runtime/ops`): each names what the
 * operator asked for, so the CLI can map it to an exit code and the console to an HTTP status.
 */

/** No dead letter with that sequence (never stored, replayed or purged since). */
export class DeadLetterNotFoundError extends Error {
  override readonly name = 'DeadLetterNotFoundError';
  constructor(readonly seq: number) {
    super(`no dead letter with sequence ${seq}`);
  }
}

/** A dead letter that cannot be re-submitted as it is (unknown task, payload not JSON). */
export class DeadLetterNotReplayableError extends Error {
  override readonly name = 'DeadLetterNotReplayableError';
  constructor(
    readonly seq: number,
    reason: string,
  ) {
    super(`dead letter ${seq} cannot be replayed: ${reason}`);
  }
}

/** A repository address refused before anything is stored (shape only; the URL policy is warehouse-svc's). */
export class InvalidWarehouseAddressError extends Error {
  override readonly name = 'InvalidWarehouseAddressError';
}
