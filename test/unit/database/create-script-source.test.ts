import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mockClient } from 'aws-sdk-client-mock';
import { createScriptSource, MAX_SCRIPT_BYTES } from '../../../src/database/create-script-source';
import { StepFailedError, TransientError } from '../../../src/errors';

const s3Mock = mockClient(S3Client);
const body = (text: string) => ({ transformToString: async () => text }) as never;

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function bundledDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sql-'));
  made.push(dir);
  mkdirSync(join(dir, 'masking'));
  writeFileSync(join(dir, 'masking', 'customers.sql'), "UPDATE customers SET email = 'x';\n");
  return dir;
}

describe('the post-restore script source', () => {
  beforeEach(() => s3Mock.reset());

  it('reads a bundled file, named by its relative path', async () => {
    // Prepare
    const source = createScriptSource({ bundledDir: bundledDir(), region: 'eu-west-1', s3: new S3Client({}) });

    // Act
    const script = await source.read({ file: 'masking/customers.sql' });

    // Assess
    expect(script).toEqual({ name: 'masking/customers.sql', sql: "UPDATE customers SET email = 'x';\n" });
  });

  it.each([
    ['a file that is not bundled', 'masking/missing.sql', /is not bundled with the function/],
    ['a path leaving the directory', '../etc/passwd.sql', /outside the bundled scripts directory/],
  ])('fails clearly on %s', async (_case, file, message) => {
    // Prepare
    const source = createScriptSource({ bundledDir: bundledDir(), region: 'eu-west-1', s3: new S3Client({}) });

    // Act
    const read = source.read({ file });

    // Assess
    await expect(read).rejects.toThrow(StepFailedError);
    await expect(read).rejects.toThrow(message);
  });

  it('reads an S3 object, named by its URI', async () => {
    // Prepare
    s3Mock.on(GetObjectCommand).resolves({ Body: body('SELECT 1;'), ContentLength: 9 });
    const source = createScriptSource({ bundledDir: '/nowhere', region: 'eu-west-1', s3: new S3Client({}) });

    // Act
    const script = await source.read({ s3Uri: 's3://org-sql/refresh/extra mask.sql' });

    // Assess
    expect(script).toEqual({ name: 's3://org-sql/refresh/extra mask.sql', sql: 'SELECT 1;' });
    expect(s3Mock).toReceiveCommandWith(GetObjectCommand, { Bucket: 'org-sql', Key: 'refresh/extra mask.sql' });
  });

  it.each([
    ['a missing object', Object.assign(new Error('The specified key does not exist.'), { name: 'NoSuchKey' }), StepFailedError, /cannot be read \(no such object\)/],
    ['a denied read', Object.assign(new Error('Access Denied'), { name: 'AccessDenied' }), StepFailedError, /grant the function s3:GetObject/],
    ['a throttled read', Object.assign(new Error('Slow Down'), { name: 'SlowDown', $metadata: { httpStatusCode: 503 } }), TransientError, /could not be read yet/],
  ])('turns %s into the right error', async (_case, error, type, message) => {
    // Prepare
    s3Mock.on(GetObjectCommand).rejects(error);
    const source = createScriptSource({ bundledDir: '/nowhere', region: 'eu-west-1', s3: new S3Client({}) });

    // Act
    const read = source.read({ s3Uri: 's3://org-sql/mask.sql' });

    // Assess
    await expect(read).rejects.toThrow(type);
    await expect(read).rejects.toThrow(message);
  });

  it('refuses an object larger than the limit', async () => {
    // Prepare
    s3Mock.on(GetObjectCommand).resolves({ Body: body(''), ContentLength: MAX_SCRIPT_BYTES + 1 });
    const source = createScriptSource({ bundledDir: '/nowhere', region: 'eu-west-1', s3: new S3Client({}) });

    // Act
    const read = source.read({ s3Uri: 's3://org-sql/huge.sql' });

    // Assess
    await expect(read).rejects.toThrow(/at most 5242880 are accepted/);
  });
});
