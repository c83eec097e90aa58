import { redact, REDACTED } from '../../../src/database/redact';
import { toPostgresError } from '../../../src/database/postgres-errors';
import { DatabaseError } from 'pg';

describe('redacting what leaves the database layer', () => {
  it.each([
    ['a listed value', 'syntax error at or near "hunter2"', ['hunter2'], `syntax error at or near "${REDACTED}"`],
    ['the longer of overlapping values first', 'value abcdef here', ['abc', 'abcdef'], `value ${REDACTED} here`],
    ['a SCRAM verifier, listed or not', "near 'SCRAM-SHA-256$4096:c2FsdA==$c3RvcmVk:c2VydmVy'", [], `near '${REDACTED}'`],
    ['an md5 hash', 'md5d41d8cd98f00b204e9800998ecf8427e', [], REDACTED],
    ['nothing when nothing is sensitive', 'permission denied for schema app', [''], 'permission denied for schema app'],
  ])('removes %s', (_case, text, sensitive, expected) => {
    expect(redact(text, sensitive)).toBe(expected);
  });

  it('builds a PostgresError from a server error with its SQLSTATE, detail and hint, redacted, without the driver error as cause', () => {
    // Prepare
    const server = Object.assign(new DatabaseError('role "x" already has password hunter2', 0, 'error'), { code: '42710', detail: 'it is hunter2', hint: 'pick another' });

    // Act
    const error = toPostgresError(server, 'Creating role "x"', ['hunter2']);

    // Assess
    expect(error.message).toBe(`Creating role "x": role "x" already has password ${REDACTED} Detail: it is ${REDACTED} Hint: pick another [SQLSTATE 42710]`);
    expect(error.sqlState).toBe('42710');
    expect(error.cause).toBeUndefined();
  });
});
