import { createHmac, timingSafeEqual } from 'node:crypto';

/** Beside `manifest.json`: `hmac-sha256:<hex>` of its exact bytes under BACKUP_SIGNING_KEY. */
export const SIGNATURE_FILE = 'manifest.sig';

const PREFIX = 'hmac-sha256:';
/** Domain separation: this key's MAC of anything else never passes as a manifest's. */
const DOMAIN = 'repowiki backup manifest v1\n';

/**
 * The signature file's content for a manifest. The manifest lists every file's sha256, so
 * the signature vouches for the whole folder: whoever can write into BACKUP_DIR but does
 * not hold the key cannot make a folder restore accepts.
 */
export function signManifest(manifest: Buffer, key: string): string {
  return `${PREFIX}${mac(manifest, key).toString('hex')}\n`;
}

/** True when `signature` is this key's signature of exactly these manifest bytes. */
export function isManifestSignatureValid(manifest: Buffer, signature: string, key: string): boolean {
  const text = signature.trim();
  if (!text.startsWith(PREFIX)) return false;
  const hex = text.slice(PREFIX.length);
  if (!/^[0-9a-f]{64}$/.test(hex)) return false;
  return timingSafeEqual(Buffer.from(hex, 'hex'), mac(manifest, key));
}

function mac(manifest: Buffer, key: string): Buffer {
  return createHmac('sha256', key).update(DOMAIN).update(manifest).digest();
}
