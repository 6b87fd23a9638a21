import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { ArchiveFormatError } from './errors.ts';

export interface ZipEntry {
  readonly name: string;
  /** Permission bits from the Unix external attributes (0 when the zip was not made on Unix). */
  readonly mode: number;
  readonly isDirectory: boolean;
  /** 3 = Unix. */
  readonly madeBy: number;
  readonly method: number;
  readonly crc32: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localHeaderOffset: number;
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  const read = readSync(fd, buffer, 0, length, position);
  if (read !== length) throw new ArchiveFormatError(`short read at ${position}`);
  return buffer;
}

/** Lists a zip's central directory (no zip64, as Lambda's packages never need it here). */
export function listZip(file: string): ZipEntry[] {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const tailLength = Math.min(size, 22 + 0xffff);
    const tail = readAt(fd, size - tailLength, tailLength);
    const at = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (at === -1) throw new ArchiveFormatError(`${file}: no end of central directory record`);
    const count = tail.readUInt16LE(at + 10);
    const centralSize = tail.readUInt32LE(at + 12);
    const centralOffset = tail.readUInt32LE(at + 16);
    const central = readAt(fd, centralOffset, centralSize);
    const entries: ZipEntry[] = [];
    let offset = 0;
    for (let i = 0; i < count; i++) {
      if (central.readUInt32LE(offset) !== 0x02014b50)
        throw new ArchiveFormatError(`${file}: bad central header ${i}`);
      const nameLength = central.readUInt16LE(offset + 28);
      const extraLength = central.readUInt16LE(offset + 30);
      const commentLength = central.readUInt16LE(offset + 32);
      const external = central.readUInt32LE(offset + 38);
      const madeBy = central.readUInt16LE(offset + 4) >> 8;
      const name = central.subarray(offset + 46, offset + 46 + nameLength).toString('utf8');
      const unixMode = madeBy === 3 ? external >>> 16 : 0;
      entries.push({
        name,
        mode: unixMode & 0o7777,
        isDirectory: name.endsWith('/') || (unixMode & 0o170000) === 0o040000 || (external & 0x10) !== 0,
        madeBy,
        method: central.readUInt16LE(offset + 10),
        crc32: central.readUInt32LE(offset + 16),
        compressedSize: central.readUInt32LE(offset + 20),
        size: central.readUInt32LE(offset + 24),
        localHeaderOffset: central.readUInt32LE(offset + 42),
      });
      offset += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
  } finally {
    closeSync(fd);
  }
}

/** One entry's bytes, inflated, with its CRC-32 checked. */
export function readZipEntry(file: string, entry: ZipEntry): Buffer {
  const fd = openSync(file, 'r');
  try {
    const local = readAt(fd, entry.localHeaderOffset, 30);
    if (local.readUInt32LE(0) !== 0x04034b50) throw new ArchiveFormatError(`${entry.name}: bad local header`);
    const start = entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
    const stored = entry.compressedSize === 0 ? Buffer.alloc(0) : readAt(fd, start, entry.compressedSize);
    let data: Buffer;
    if (entry.method === 0) data = stored;
    else if (entry.method === 8) data = inflateRawSync(stored);
    else throw new ArchiveFormatError(`${entry.name}: compression method ${entry.method} is not supported`);
    if (data.length !== entry.size)
      throw new ArchiveFormatError(`${entry.name}: ${data.length} bytes, expected ${entry.size}`);
    const crc = crc32(data);
    if (crc !== entry.crc32) throw new ArchiveFormatError(`${entry.name}: CRC-32 mismatch`);
    return data;
  } finally {
    closeSync(fd);
  }
}

let table: Int32Array | undefined;
function crc32(data: Buffer): number {
  table ??= Int32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c;
  });
  let crc = -1;
  for (let i = 0; i < data.length; i++) crc = table[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}

/** Extracts a zip into `dir` with its Unix modes, as Lambda does with a function or layer zip. */
export async function extractZip(file: string, dir: string): Promise<void> {
  const { chmod, mkdir, writeFile } = await import('node:fs/promises');
  const { dirname, join, resolve, sep } = await import('node:path');
  const root = resolve(dir);
  for (const entry of listZip(file)) {
    const target = resolve(join(root, entry.name));
    if (target !== root && !target.startsWith(root + sep))
      throw new ArchiveFormatError(`${entry.name} escapes the folder`);
    if (entry.isDirectory) {
      await mkdir(target, { recursive: true });
      await chmod(target, entry.mode || 0o755);
      continue;
    }
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, readZipEntry(file, entry));
    await chmod(target, entry.mode || 0o644);
  }
}
