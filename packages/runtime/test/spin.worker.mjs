// A handler that never yields: only terminating its thread can stop it.
export function spin() {
  for (;;) {
    // busy
  }
}
