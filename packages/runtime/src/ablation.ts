/** ABLATION HACK (throwaway): switches read once from the environment. */
const on = (k: string) => process.env[k] === '1';
export const ABL = {
  /** B: no `succeeded` event publish. */
  noEvent: on('ABL_NO_EVENT'),
  /** C: no claim write: a read-only peek of the row on delivery. */
  peek: on('ABL_PEEK'),
  /** D: PENDING insert with synchronous_commit off. */
  pendingAsync: on('ABL_PENDING_ASYNC'),
  /** E: final write with synchronous_commit off. */
  finalAsync: on('ABL_FINAL_ASYNC'),
  /** F: no zod validation (client payload, worker payload, worker result). */
  noValidate: on('ABL_NO_VALIDATE'),
  /** G: not even the peek: every delivery runs as attempt 1 (with ABL_PEEK). */
  noPeek: on('ABL_NO_PEEK'),
};
