import { inflateRawSync } from 'node:zlib';

/** One file in a zip archive, with its stored and real size. */
export interface ZipEntry {
  name: string;
  compressedBytes: number;
  uncompressedBytes: number;
  /** Where the file's local header starts; its data follows that header. */
  localHeaderOffset: number;
  /** 0 stored, 8 deflated (the only two methods packaging produces). */
  method: number;
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
const ZIP64_MARKER = 0xffffffff;

/**
 * Lists a zip archive's files from its central directory, so the package script can report what the
 * deployment package holds without unpacking it or depending on an unzip tool.
 */
export function listZipEntries(archive: Buffer): ZipEntry[] {
  // The end record is the last 22 bytes, unless a comment (at most 65535 bytes) follows it.
  let end = -1;
  for (let offset = archive.length - 22; offset >= Math.max(0, archive.length - 22 - 0xffff); offset -= 1) {
    if (archive.readUInt32LE(offset) === END_OF_CENTRAL_DIRECTORY) {
      end = offset;
      break;
    }
  }
  if (end < 0) throw new Error('Not a zip archive: no end of central directory record.');
  const count = archive.readUInt16LE(end + 10);
  let offset = archive.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let index = 0; index < count; index += 1) {
    if (archive.readUInt32LE(offset) !== CENTRAL_DIRECTORY_HEADER) throw new Error(`Corrupt zip archive: bad central directory entry ${index}.`);
    const compressedBytes = archive.readUInt32LE(offset + 20);
    const uncompressedBytes = archive.readUInt32LE(offset + 24);
    if (compressedBytes === ZIP64_MARKER || uncompressedBytes === ZIP64_MARKER) throw new Error('Zip64 archives are not supported.');
    const nameLength = archive.readUInt16LE(offset + 28);
    const extraLength = archive.readUInt16LE(offset + 30);
    const commentLength = archive.readUInt16LE(offset + 32);
    const name = archive.toString('utf8', offset + 46, offset + 46 + nameLength);
    const method = archive.readUInt16LE(offset + 10);
    const localHeaderOffset = archive.readUInt32LE(offset + 42);
    entries.push({ name, compressedBytes, uncompressedBytes, localHeaderOffset, method });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The contents of one file of a zip archive (stored or deflated). */
export function readZipEntry(archive: Buffer, entry: ZipEntry): Buffer {
  const header = entry.localHeaderOffset;
  if (archive.readUInt32LE(header) !== LOCAL_FILE_HEADER) throw new Error(`Corrupt zip archive: no local header for ${entry.name}.`);
  const start = header + 30 + archive.readUInt16LE(header + 26) + archive.readUInt16LE(header + 28);
  const data = archive.subarray(start, start + entry.compressedBytes);
  if (entry.method === 0) return Buffer.from(data);
  if (entry.method === 8) return inflateRawSync(data);
  throw new Error(`Zip entry ${entry.name} uses compression method ${entry.method}, which is not supported.`);
}
