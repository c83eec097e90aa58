/** What replaces a redacted value in a message. */
export const REDACTED = '[redacted]';

// Stored password formats PostgreSQL accepts as-is: a SCRAM verifier or an md5 hash.
const STORED_PASSWORD = /SCRAM-SHA-256\$[^\s'"]+|\bmd5[0-9a-f]{32}\b/g;

/**
 * Removes every listed sensitive value, and anything shaped like a stored password, from a text
 * that is about to leave the database layer (an error message, a log line). A server message can
 * quote part of the statement it refused, and some of our statements carry a password verifier.
 */
export function redact(text: string, sensitive: readonly string[]): string {
  let out = text;
  // Longest first, so a value containing another is replaced whole.
  for (const value of [...sensitive].filter((v) => v.length > 0).sort((a, b) => b.length - a.length)) {
    out = out.split(value).join(REDACTED);
  }
  return out.replace(STORED_PASSWORD, REDACTED);
}
