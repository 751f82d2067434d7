/** Polls `url` until it answers `status` (default 200). @returns the last response body. */
export async function waitForHttp(
  url: string,
  { status = 200, timeoutMs = 30_000, intervalMs = 100 } = {},
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  for (;;) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      const body = await res.text();
      if (res.status === status) return body;
      last = `HTTP ${res.status}: ${body}`;
    } catch (e: unknown) {
      last = e instanceof Error ? e.message : String(e);
    }
    if (Date.now() > deadline)
      throw new Error(`${url} did not answer ${status} within ${timeoutMs} ms (${last})`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
