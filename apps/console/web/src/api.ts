import { CSRF_HEADER, type Session, SessionSchema } from '@repowiki/contracts';
import type { z } from 'zod';

/** An answer of the console that is not 2xx: its `message` is shown as text. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

let session: Session | undefined;

/** Role and CSRF token of this login (read once). */
export async function getSession(): Promise<Session> {
  session ??= await get('/api/session', SessionSchema);
  return session;
}

async function answer<S extends z.ZodType>(res: Response, schema: S): Promise<z.output<S>> {
  if (res.status === 401) {
    location.assign('/login');
    throw new ApiError(401, 'signed out');
  }
  const body = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok)
    throw new ApiError(res.status, String((body as { message?: unknown })?.message ?? res.statusText));
  // Every answer is checked against the contract the server is typed with.
  return schema.parse(body);
}

export async function get<S extends z.ZodType>(path: string, schema: S): Promise<z.output<S>> {
  return answer(await fetch(path, { headers: { accept: 'application/json' } }), schema);
}

/** An action: a POST with the session's CSRF token. */
export async function post<S extends z.ZodType>(
  path: string,
  body: unknown,
  schema: S,
): Promise<z.output<S>> {
  const { csrfToken } = await getSession();
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [CSRF_HEADER]: csrfToken },
    body: JSON.stringify(body ?? {}),
  });
  return answer(res, schema);
}
