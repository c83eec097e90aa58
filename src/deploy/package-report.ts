import type { PackagedArtifact } from './package-service';

/** A byte count as a person reads it. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
}

/** What a deployment package holds: its zipped and unpacked size, then every file, largest first. */
export function describeArtifact(artifact: PackagedArtifact): string[] {
  const unpacked = artifact.entries.reduce((sum, entry) => sum + entry.uncompressedBytes, 0);
  const lines = [`${artifact.path}: ${formatBytes(artifact.zipBytes)} zipped, ${formatBytes(unpacked)} unpacked`];
  for (const entry of [...artifact.entries].sort((a, b) => b.uncompressedBytes - a.uncompressedBytes)) {
    lines.push(`  ${entry.name.padEnd(40)} ${formatBytes(entry.uncompressedBytes).padStart(10)}  (${formatBytes(entry.compressedBytes)} zipped)`);
  }
  return lines;
}
