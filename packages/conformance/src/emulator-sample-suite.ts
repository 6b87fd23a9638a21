import assert from 'node:assert/strict';
import { request } from 'node:http';
import { describe, test } from 'node:test';
import { startEmulator } from '@lambda-engines/emulator';

export interface EmulatorSampleOptions {
  readonly label: string;
  readonly bootstrap: string;
  /** The app's sample function folder (`index.handler` buffered, `index.stream` streamed). */
  readonly sample: string;
}

interface RawInvoke {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly chunks: Array<{ at: number; data: Buffer }>;
  readonly body: string;
}

/** Invokes through the RIE-compatible endpoint with plain node:http, keeping each chunk's arrival time. */
function invokeRaw(url: string, event: unknown): Promise<RawInvoke> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/2015-03-31/functions/function/invocations`, { method: 'POST' }, (res) => {
      const chunks: Array<{ at: number; data: Buffer }> = [];
      res.on('data', (data: Buffer) => chunks.push({ at: performance.now(), data }));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          chunks,
          body: Buffer.concat(chunks.map((c) => c.data)).toString('utf8'),
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(JSON.stringify(event));
  });
}

/** The sample function through the local emulator, buffered and streamed, on a real bootstrap. */
export function defineEmulatorSampleSuite(options: EmulatorSampleOptions): void {
  describe(`emulator with the sample function: ${options.label}`, () => {
    for (const handler of ['index.handler', 'index.stream']) {
      test(`invokes ${handler}`, async () => {
        const emulator = await startEmulator({
          bootstrap: options.bootstrap,
          handler,
          taskRoot: options.sample,
          stdout: 'ignore',
          stderr: 'ignore',
        });
        try {
          const first = await invokeRaw(emulator.url, { name: 'emulator' });
          const second = await invokeRaw(emulator.url, { name: 'again' });
          assert.equal(first.status, 200);
          assert.equal(second.status, 200);
          if (handler === 'index.handler') {
            const body = JSON.parse(first.body) as Record<string, unknown>;
            assert.equal(body.message, 'Hello, emulator!');
            assert.equal(JSON.parse(second.body).message, 'Hello, again!');
          } else {
            assert.equal(first.body, 'chunk 1 for emulator\nchunk 2 for emulator\nchunk 3 for emulator\n');
            assert.match(String(first.headers['content-type']), /^text\/plain/);
            const times = first.chunks.map((c) => c.at);
            assert.ok(times.length >= 3, `the caller got the chunks separately (${times.length})`);
            assert.ok(times.at(-1)! - times[0]! >= 80, 'chunks reached the caller as they were produced');
            assert.equal(second.body.split('\n')[0], 'chunk 1 for again');
          }
        } finally {
          await emulator.close();
        }
      });
    }
  });
}
