import { readdirSync, readFileSync } from 'node:fs';
import type * as Lib from '../src/index.ts';

/**
 * A fixed set of conversions, run against one build of the library and reduced to JSON, so the output
 * under Node (source and dist) and under Bun (dist, in a child process) can be compared byte for byte.
 */
export async function runScenarios(lib: typeof Lib): Promise<unknown[]> {
  const out: unknown[] = [];
  const dir = new URL('./events/', import.meta.url);
  for (const file of readdirSync(dir).sort()) {
    const event = JSON.parse(readFileSync(new URL(file, dir), 'utf8'));
    const source = lib.detectEventSource(event);
    if (source === undefined) {
      try {
        lib.requireEventSource(event);
      } catch (error) {
        out.push({ file, error: [(error as Lib.FetchEventError).code, (error as Error).message] });
      }
      continue;
    }
    const request = lib.eventToRequest(event, source);
    const body = request.body === null ? null : Buffer.from(await request.arrayBuffer()).toString('base64');
    out.push({ file, source, method: request.method, url: request.url, headers: [...request.headers], body });

    for (const response of responses()) {
      const options = { multiValueHeaders: 'multiValueHeaders' in event };
      out.push({ file, result: await lib.responseToResult(response, source, options) });
    }
  }
  out.push({ prelude: lib.responseToHttpPrelude(responses()[0]!) });
  out.push({
    isFetchHandler: [
      lib.isFetchHandler({ fetch() {} }),
      lib.isFetchHandler(() => {}),
      lib.isFetchHandler(null),
    ],
    text: ['text/plain', 'image/png', 'application/ld+json', 'text/plain; charset=latin1'].map(
      lib.isTextContentType,
    ),
  });
  return out;
}

function responses(): Response[] {
  const cookies = new Headers({
    'content-type': 'application/json; charset=utf-8',
    'x-unicode': 'caf\u00c3\u00a9',
  });
  cookies.append('set-cookie', 'a=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT');
  cookies.append('set-cookie', 'b=2; HttpOnly');
  return [
    new Response(JSON.stringify({ msg: 'héllo 😀' }), { status: 201, headers: cookies }),
    new Response(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 255, 128]), {
      headers: { 'content-type': 'image/png' },
    }),
    new Response(null, { status: 204 }),
    new Response('<svg/>', { status: 404, headers: { 'content-type': 'image/svg+xml' } }),
  ];
}
