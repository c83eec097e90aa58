import { quotesRowValues, withoutQuotedValues } from '../../../src/database/quoted-values';

describe('values quoted in server messages', () => {
  it.each([
    ['a value at the end', 'invalid input syntax for type integer: "ada@prod.example.com"', 'invalid input syntax for type integer: "…"'],
    ['a value containing a double quote', 'invalid input syntax for type integer: "O"Brien"', 'invalid input syntax for type integer: "…"'],
    ['a value in the middle', 'value "9999991" is out of range for type smallint', 'value "…" is out of range for type smallint'],
    ['a value opening the message', '"1e400" is out of range for type double precision', '"…" is out of range for type double precision'],
    ['a value and a format field, both hidden', 'invalid value "ad" for "MM"', 'invalid value "…"'],
    ['a lone double quote', 'malformed array literal: "{ada@prod', 'malformed array literal: "…"'],
    ['a byte dump', 'invalid byte sequence for encoding UTF8: 0xe9 0x20 0x61', 'invalid byte sequence for encoding UTF8: 0x…'],
    ['nothing when nothing is quoted', 'division by zero', 'division by zero'],
  ])('replaces %s', (_case, message, expected) => {
    expect(withoutQuotedValues(message)).toBe(expected);
  });

  it.each([
    ['22P02', true],
    ['22003', true],
    ['22021', true],
    ['23505', false],
    ['23502', false],
    ['42703', false],
    ['42601', false],
    [undefined, false],
  ])('SQLSTATE %s quotes row values in its message: %s', (state, expected) => {
    expect(quotesRowValues(state)).toBe(expected);
  });
});
