/*
 * The few values the command table needs before any command runs: option descriptions, their
 * parsers (`--queue`, `--state`, `--status`) and the `--help` defaults. They come from the
 * dependency-free entry points of contracts and runtime, so building the table loads neither
 * zod (every schema of @repowiki/contracts) nor the rest of @repowiki/runtime: `tasks --help`
 * starts in a tenth of the time (src/start-up.int.test.ts).
 */
export { QUEUES, TASK_STATES, WAREHOUSE_STATUSES } from '@repowiki/contracts/names';
export { DEV_DATABASE_URL, redactNatsUrls } from '@repowiki/runtime/urls';
