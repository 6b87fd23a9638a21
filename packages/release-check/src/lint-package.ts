import { readFileSync } from 'node:fs';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

export interface LintFinding {
  readonly type: 'suggestion' | 'warning' | 'error';
  readonly code: string;
  readonly text: string;
}

/** publint on the packed tarball itself (so it sees exactly the published files), every level reported. */
export async function lintTarball(tarball: string): Promise<LintFinding[]> {
  const bytes = readFileSync(tarball);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const { messages, pkg } = await publint({ pack: { tarball: buffer }, level: 'suggestion', strict: false });
  return messages.map((message) => ({
    type: message.type,
    code: message.code,
    text: formatMessage(message, pkg, { color: false }) ?? message.code,
  }));
}
