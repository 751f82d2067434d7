// The request itself is `requestScheduler` of `@repowiki/runtime/ops` (the console sends the
// same); its OpsError codes map to exit codes in `toCliError` (not found 3, unavailable 5).
export { requestScheduler } from '@repowiki/runtime/ops';
