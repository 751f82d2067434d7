import { formatValidationError } from '@repowiki/contracts';
import { NonRetriableError } from '@repowiki/runtime';
import { readBackupFile } from './backup-folder.js';
import { MANIFEST_FILE, type Manifest, ManifestSchema } from './manifest.js';
import { isManifestSignatureValid, SIGNATURE_FILE } from './manifest-signature.js';

/**
 * A backup's manifest, trusted only once its signature checks out under `key`: its bytes are
 * verified BEFORE they are parsed, so a forged folder is refused without reading more of it.
 * @throws NonRetriableError `no_manifest`, `unsigned`, `bad_signature` or `bad_manifest`
 */
export async function readSignedManifest(folder: string, key: string): Promise<Manifest> {
  const bytes = await readBackupFile(folder, MANIFEST_FILE).catch((e: unknown) => {
    throw new NonRetriableError(`${folder} has no readable ${MANIFEST_FILE}`, {
      cause: e,
      code: 'no_manifest',
    });
  });
  const signature = await readBackupFile(folder, SIGNATURE_FILE).catch((e: unknown) => {
    throw new NonRetriableError(`${folder} has no ${SIGNATURE_FILE}: restore only takes signed backups`, {
      cause: e,
      code: 'unsigned',
    });
  });
  if (!isManifestSignatureValid(bytes, signature.toString('utf8'), key)) {
    throw new NonRetriableError(
      `${folder}: ${SIGNATURE_FILE} does not match its manifest under BACKUP_SIGNING_KEY (forged, altered, or signed with another key)`,
      { code: 'bad_signature' },
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.toString('utf8'));
  } catch (e) {
    throw new NonRetriableError(`invalid ${MANIFEST_FILE}: not JSON`, { cause: e, code: 'bad_manifest' });
  }
  const parsed = ManifestSchema.safeParse(raw);
  if (!parsed.success) {
    throw new NonRetriableError(`invalid ${MANIFEST_FILE}: ${formatValidationError(parsed.error)}`, {
      code: 'bad_manifest',
    });
  }
  return parsed.data;
}

/** True when the folder holds a manifest signed with `key` (retention counts only these). */
export async function isSignedBackup(folder: string, key: string): Promise<boolean> {
  try {
    await readSignedManifest(folder, key);
    return true;
  } catch {
    return false;
  }
}
