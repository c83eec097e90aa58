/** What replaces a row value quoted in a server message. */
export const QUOTED_VALUE_PLACEHOLDER = '"…"';

// SQLSTATE class 22 (data exception): the server quotes the offending value in the message itself,
// e.g. `invalid input syntax for type integer: "ada@example.com"` or `value "99999" is out of range
// for type smallint`. Class 23 (integrity constraint violation) names only constraints, columns and
// relations in its message and keeps row values in the DETAIL, which is left out anyway. Class 42
// quotes identifiers from the script, which are what a reader needs to fix it.
const VALUE_QUOTING_CLASSES = new Set(['22']);

// The server does not escape a double quote inside a value (`"O"Brien"`), so the first and the last
// double quote are the only reliable bounds: everything between them goes, identifiers included.
// A lone double quote (a truncated message) hides the rest of the message.
const QUOTED_SPAN = /"[\s\S]*"|"[\s\S]*$/;
// Encoding errors show the offending bytes of the value instead of quoting it.
const BYTE_SEQUENCE = /\b0x[0-9a-f]{2}(?: 0x[0-9a-f]{2})*/gi;

/** True when a server error of this SQLSTATE quotes row values in its primary message. */
export function quotesRowValues(sqlState: string | undefined): boolean {
  return sqlState !== undefined && VALUE_QUOTING_CLASSES.has(sqlState.slice(0, 2));
}

/**
 * A server message with the row values it quotes replaced by `"…"` (and byte dumps by `0x…`), so a
 * failing masking script does not carry production data into the saved error, the logs and the
 * failure e-mail. Unquoted words (the type, the function) stay.
 */
export function withoutQuotedValues(message: string): string {
  return message.replace(QUOTED_SPAN, QUOTED_VALUE_PLACEHOLDER).replace(BYTE_SEQUENCE, '0x…');
}
