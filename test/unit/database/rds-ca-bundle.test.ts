import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRdsCaBundle } from '../../../src/database/rds-ca-bundle';
import { ConfigurationError } from '../../../src/errors';

const made: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ca-'));
  made.push(dir);
  return dir;
}

describe('the RDS CA bundle', () => {
  afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('ships current RDS root CAs (rsa2048/rsa4096/ecc384 G1) and leaves expired ones out', () => {
    // Prepare
    const now = new Date('2026-11-25T00:00:00Z');

    // Act
    const bundle = loadRdsCaBundle({ now });

    // Assess
    const certificates = bundle.map((pem) => new X509Certificate(pem));
    expect(certificates.every((c) => Date.parse(c.validTo) > now.getTime())).toBe(true);
    const subjects = certificates.map((c) => c.subject);
    for (const expected of ['Amazon RDS eu-west-1 Root CA RSA2048 G1', 'Amazon RDS eu-west-1 Root CA RSA4096 G1', 'Amazon RDS eu-west-1 Root CA ECC384 G1', 'Amazon RDS us-east-1 Root CA RSA2048 G1']) {
      expect(subjects.some((s) => s.includes(`CN=${expected}`))).toBe(true);
    }
    expect(subjects.some((s) => s.includes('CN=Amazon RDS Root 2019 CA'))).toBe(false);
  });

  it('reads a PEM file instead when given one', () => {
    // Prepare
    const [first, second] = loadRdsCaBundle();
    const path = join(tempDir(), 'bundle.pem');
    writeFileSync(path, `${first}\n${second}\n`);

    // Act
    const bundle = loadRdsCaBundle({ caBundlePath: path });

    // Assess
    expect(bundle.map((pem) => pem.trim())).toEqual([first?.trim(), second?.trim()]);
  });

  it.each([
    ['a missing file', '/nonexistent/bundle.pem', /cannot be read/],
    ['a file without certificates', (() => {
      const path = join(tempDir(), 'empty.pem');
      writeFileSync(path, 'not a certificate');
      return path;
    })(), /holds no PEM certificate/],
  ])('fails clearly on %s', (_case, path, message) => {
    expect(() => loadRdsCaBundle({ caBundlePath: path })).toThrow(ConfigurationError);
    expect(() => loadRdsCaBundle({ caBundlePath: path })).toThrow(message);
  });
});
