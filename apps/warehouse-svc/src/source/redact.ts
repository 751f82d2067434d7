/**
 * Removes credentials from anything that may reach a log, an error column or a result:
 * `https://user:token@host` → `https://***@host`, plus any secret given explicitly.
 */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s]+@/gi, '$1***@');
  for (const secret of secrets) {
    if (secret.length >= 3) out = out.split(secret).join('***');
  }
  return out;
}
