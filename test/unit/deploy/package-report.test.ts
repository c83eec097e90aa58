import { describeArtifact, formatBytes } from '../../../src/deploy/package-report';

describe('formatBytes', () => {
  it.each([
    [512, '512 B'],
    [2048, '2.0 KiB'],
    [1_950_000, '1.86 MiB'],
  ])('%d bytes read as %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});

describe('describeArtifact', () => {
  it('prints the zipped and unpacked size, then each file, largest first', () => {
    // Act
    const lines = describeArtifact({
      path: '.serverless/dispatcher.zip',
      zipBytes: 1_280_000,
      entries: [
        { name: 'src/handler.js', compressedBytes: 600_000, uncompressedBytes: 1_950_000, localHeaderOffset: 0, method: 8 },
        { name: 'src/handler.js.map', compressedBytes: 680_000, uncompressedBytes: 2_430_000, localHeaderOffset: 600_100, method: 8 },
      ],
    });

    // Assess
    expect(lines[0]).toBe('.serverless/dispatcher.zip: 1.22 MiB zipped, 4.18 MiB unpacked');
    expect(lines.slice(1).map((line) => line.trim().split(/\s+/)[0])).toEqual(['src/handler.js.map', 'src/handler.js']);
    expect(lines[2]).toContain('1.86 MiB');
  });
});
