import { isSaslprepStable, scramSha256Verifier } from '../../../src/database/scram-verifier';

describe('the SCRAM-SHA-256 verifier', () => {
  it('has PostgreSQL\'s stored format with 4096 iterations and a fresh 16-byte salt each time', () => {
    // Act
    const first = scramSha256Verifier('correct horse battery staple');
    const second = scramSha256Verifier('correct horse battery staple');

    // Assess
    const match = /^SCRAM-SHA-256\$4096:([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]{44}):([A-Za-z0-9+/=]{44})$/.exec(first);
    expect(match).not.toBeNull();
    expect(Buffer.from(match?.[1] as string, 'base64')).toHaveLength(16);
    expect(second).not.toBe(first);
  });

  it('matches a known verifier for a fixed salt (computed by PostgreSQL 18 for the same password and salt)', () => {
    // Act
    const verifier = scramSha256Verifier('pencil', { salt: Buffer.from('HfWye52YKLquckL8gsq4fw==', 'base64') });

    // Assess
    expect(verifier).toBe('SCRAM-SHA-256$4096:HfWye52YKLquckL8gsq4fw==$5CnlSJp/bSJ7MUZ2x2sbwawwVr7cnK4FCqpLU4PZq9Q=:5eT4bClr1pscs8TQ9YW/m5zLqBlDAV//HvN3qMssRVU=');
  });

  it.each([
    ['ASCII', 'Tr0ub4dor&3', true],
    ['NFKC-stable non-ASCII', 'pässwörd-日本語', true],
    ['a no-break space', 'a\u00a0b', false],
    ['a soft hyphen', 'a\u00adb', false],
    ['a compatibility ligature', 'ﬁne', false],
    ['full-width letters', 'ＡＢＣ', false],
  ])('tells whether a password with %s hashes as its own bytes', (_case, password, stable) => {
    expect(isSaslprepStable(password)).toBe(stable);
  });

  it('refuses a password SASLprep would rewrite, without showing it', () => {
    expect(() => scramSha256Verifier('secret\u00a0value')).toThrow(/SASLprep/);
    expect(() => scramSha256Verifier('secret\u00a0value')).not.toThrow(/secret/);
  });
});
