import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';

/** PostgreSQL's default `scram_iterations`. */
export const SCRAM_ITERATIONS = 4096;
const SALT_BYTES = 16;

// RFC 3454 tables that SASLprep maps: non-ASCII spaces (C.1.2) and characters mapped to nothing (B.1).
const SASLPREP_MAPPED = /[\u00A0\u1680\u2000-\u200D\u202F\u205F\u2060\u3000\u00AD\u034F\u1806\u180B-\u180D\uFE00-\uFE0F\uFEFF]/;

/**
 * True when the password's bytes are what PostgreSQL hashes, whether or not its SASLprep succeeds:
 * pure ASCII, or non-ASCII that SASLprep leaves as it is (NFKC-stable, nothing mapped). For any
 * other password, server and clients could disagree on the normalised form, so we refuse to guess.
 */
export function isSaslprepStable(password: string): boolean {
  if (/^[\x00-\x7f]*$/.test(password)) return true;
  return !SASLPREP_MAPPED.test(password) && password.normalize('NFKC') === password;
}

/**
 * A SCRAM-SHA-256 verifier in PostgreSQL's stored format
 * `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>` (RFC 5802, RFC 7677).
 *
 * Sending this instead of the password means the plain password never reaches the server, so it
 * cannot appear in its statement log (`log_statement = ddl`) or in `pg_stat_statements`; the server
 * stores the verifier as it is, exactly as if it had hashed the password itself.
 */
export function scramSha256Verifier(password: string, options: { salt?: Buffer; iterations?: number } = {}): string {
  if (!isSaslprepStable(password)) {
    throw new RangeError('password contains characters that SASLprep rewrites (non-ASCII spaces, soft hyphens, compatibility forms)');
  }
  const salt = options.salt ?? randomBytes(SALT_BYTES);
  const iterations = options.iterations ?? SCRAM_ITERATIONS;
  const salted = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}
