import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A throw-away certificate authority made with the machine's `openssl`. */
export interface TestCa {
  readonly dir: string;
  /** PEM of the CA certificate: what clients and peers trust. */
  readonly certFile: string;
  readonly keyFile: string;
}

/** `tls.crt`, `tls.key` and `ca.crt` in one folder, as a kubernetes.io/tls Secret mounts them. */
export interface TestCertificate {
  readonly dir: string;
  readonly certFile: string;
  readonly keyFile: string;
  readonly caFile: string;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A new CA (EC P-256, valid one day) in `dir`. */
export function createTestCa(dir: string, name = 'repowiki test CA'): TestCa {
  mkdirSync(dir, { recursive: true });
  openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      `/CN=${name}`,
      '-keyout',
      'ca.key',
      '-out',
      'ca.crt',
    ],
    dir,
  );
  return { dir, certFile: join(dir, 'ca.crt'), keyFile: join(dir, 'ca.key') };
}

/**
 * A certificate signed by `ca` for 127.0.0.1 and localhost, usable by a server and as a
 * client certificate (routes present one in both directions).
 */
export function issueTestCertificate(ca: TestCa, dir: string, commonName = 'localhost'): TestCertificate {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'ext.cnf'),
    [
      'subjectAltName = IP:127.0.0.1, DNS:localhost',
      'extendedKeyUsage = serverAuth, clientAuth',
      'keyUsage = digitalSignature, keyEncipherment',
      '',
    ].join('\n'),
  );
  openssl(
    [
      'req',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-subj',
      `/CN=${commonName}`,
      '-keyout',
      'tls.key',
      '-out',
      'tls.csr',
    ],
    dir,
  );
  openssl(
    [
      'x509',
      '-req',
      '-in',
      'tls.csr',
      '-CA',
      ca.certFile,
      '-CAkey',
      ca.keyFile,
      '-CAcreateserial',
      '-days',
      '1',
      '-extfile',
      'ext.cnf',
      '-out',
      'tls.crt',
    ],
    dir,
  );
  copyFileSync(ca.certFile, join(dir, 'ca.crt'));
  return {
    dir,
    certFile: join(dir, 'tls.crt'),
    keyFile: join(dir, 'tls.key'),
    caFile: join(dir, 'ca.crt'),
  };
}
