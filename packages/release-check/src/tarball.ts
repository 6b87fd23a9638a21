import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { ArchiveFormatError } from './errors.ts';

export interface TarEntry {
  /** The path inside the package, without npm's leading `package/`. */
  readonly path: string;
  readonly mode: number;
  readonly type: 'file' | 'directory' | 'other';
  readonly data: Buffer;
}

function field(block: Buffer, offset: number, length: number): string {
  const raw = block.subarray(offset, offset + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? raw.length : end).toString('utf8');
}

function octal(block: Buffer, offset: number, length: number): number {
  const text = field(block, offset, length).trim();
  return text ? Number.parseInt(text, 8) : 0;
}

/** Reads an npm package tarball (.tgz: gzip + ustar, pax path records honoured). */
export function readPackageTarball(file: string): TarEntry[] {
  let tar: Buffer;
  try {
    tar = gunzipSync(readFileSync(file));
  } catch (cause) {
    throw new ArchiveFormatError(`${file} is not gzip data`, { cause });
  }
  const entries: TarEntry[] = [];
  let offset = 0;
  let paxPath: string | undefined;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const size = octal(header, 124, 12);
    const flag = String.fromCharCode(header[156] ?? 0x30);
    const data = tar.subarray(offset + 512, offset + 512 + size);
    offset += 512 + Math.ceil(size / 512) * 512;
    if (flag === 'x') {
      paxPath = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(data.toString('utf8'))?.[1];
      continue;
    }
    if (flag === 'g') continue;
    const prefix = field(header, 345, 155);
    const name = paxPath ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
    paxPath = undefined;
    if (!name.startsWith('package/')) throw new ArchiveFormatError(`${file}: ${name} is outside package/`);
    entries.push({
      path: name.slice('package/'.length).replace(/\/$/, ''),
      mode: octal(header, 100, 8) & 0o7777,
      type: flag === '0' || flag === '\0' ? 'file' : flag === '5' ? 'directory' : 'other',
      data: Buffer.from(data),
    });
  }
  if (entries.length === 0) throw new ArchiveFormatError(`${file} holds no entries`);
  return entries;
}
