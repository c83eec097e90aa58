import { deflateRawSync } from 'node:zlib';
import { listZipEntries, readZipEntry } from '../../../src/deploy/zip-entries';

/** A minimal zip archive (deflated entries, optional archive comment), written per the format's spec. */
function zip(files: Record<string, string>, comment = ''): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const data = deflateRawSync(Buffer.from(content));
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(Buffer.byteLength(content), 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(Buffer.byteLength(content), 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  end.writeUInt16LE(Buffer.byteLength(comment), 20);
  return Buffer.concat([...locals, directory, end, Buffer.from(comment)]);
}

describe('listZipEntries', () => {
  it.each([
    ['without a comment', ''],
    ['with an archive comment', 'built by the package script'],
  ])('lists every file with its stored and real size, %s', (_case, comment) => {
    // Prepare
    const archive = zip({ 'src/handler.js': 'a'.repeat(5000), 'src/handler.js.map': '{"version":3}' }, comment);

    // Act
    const entries = listZipEntries(archive);

    // Assess
    expect(entries).toEqual([
      expect.objectContaining({ name: 'src/handler.js', compressedBytes: deflateRawSync('a'.repeat(5000)).length, uncompressedBytes: 5000 }),
      expect.objectContaining({ name: 'src/handler.js.map', compressedBytes: deflateRawSync('{"version":3}').length, uncompressedBytes: 13 }),
    ]);
    expect(entries.map((entry) => readZipEntry(archive, entry).toString())).toEqual(['a'.repeat(5000), '{"version":3}']);
  });

  it('refuses what is not a zip archive', () => {
    expect(() => listZipEntries(Buffer.from('not a zip archive, just some text'))).toThrow(/Not a zip archive/);
  });
});
