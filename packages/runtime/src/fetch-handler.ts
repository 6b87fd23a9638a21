import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { isFetchHandler } from '@lambda-engines/fetch-adapter/is-fetch-handler';
import { HttpResponseStream, streamifyResponse } from '@lambda-engines/streaming/handler';
import { FetchResponseError } from './errors.ts';
import type { HandlerFunction } from './handler-kind.ts';

/** A web-standard handler: `export default { fetch(request) {...} }`, optionally `streaming: true`. */
export interface FetchHandlerObject {
  fetch(request: Request, env: { event: unknown; context: unknown }): unknown;
  /** Send the Response body as a Lambda response stream (function URLs in RESPONSE_STREAM mode). */
  streaming?: boolean;
}

type FetchFunction = FetchHandlerObject['fetch'];

// The adapter (event -> Request, Response -> result) loads with the first fetch-handler invocation:
// plain handlers, the common case, never pay for it at cold start.
let adapterModule: Promise<typeof import('@lambda-engines/fetch-adapter')> | undefined;
function loadAdapter() {
  adapterModule ??= import('@lambda-engines/fetch-adapter');
  return adapterModule;
}

/**
 * `LAMBDA_ENGINES_HANDLER_STYLE=fetch` marks a plain function export as a fetch handler (its shape
 * cannot tell), `fetch-streaming` does the same and streams; an object with `fetch` needs nothing.
 */
export function asLambdaHandler(loaded: unknown, env: NodeJS.ProcessEnv): HandlerFunction {
  const style = env.LAMBDA_ENGINES_HANDLER_STYLE?.toLowerCase();
  if (isFetchHandler(loaded)) {
    const object = loaded as FetchHandlerObject;
    const streaming = object.streaming === true || style === 'fetch-streaming';
    return fetchToLambda(object.fetch.bind(object), streaming);
  }
  if (typeof loaded === 'function' && (style === 'fetch' || style === 'fetch-streaming')) {
    return fetchToLambda(loaded as FetchFunction, style === 'fetch-streaming');
  }
  return loaded as HandlerFunction;
}

async function callFetch(fetch: FetchFunction, event: unknown, context: unknown) {
  const adapter = await loadAdapter();
  const source = adapter.requireEventSource(event);
  const request = adapter.eventToRequest(event, source);
  const response = await fetch(request, { event, context });
  if (!(response instanceof Response)) throw new FetchResponseError(response);
  return { adapter, source, response };
}

function fetchToLambda(fetch: FetchFunction, streaming: boolean): HandlerFunction {
  if (!streaming) {
    return async (event: unknown, context: unknown) => {
      const { adapter, source, response } = await callFetch(fetch, event, context);
      const multiValueHeaders = typeof event === 'object' && event !== null && 'multiValueHeaders' in event;
      return adapter.responseToResult(response, source, { multiValueHeaders });
    };
  }
  return streamifyResponse(
    async (event: unknown, responseStream: NodeJS.WritableStream, context: unknown) => {
      const { adapter, response } = await callFetch(fetch, event, context);
      const stream = HttpResponseStream.from(responseStream as never, {
        ...adapter.responseToHttpPrelude(response),
      });
      if (response.body === null) {
        (stream as unknown as NodeJS.WritableStream).end();
        return;
      }
      // Chunks go out as the Response body yields them; pipeline honours backpressure both ways. The
      // stream modules load here, on the first streamed response, not at every cold start.
      const { Readable } = process.getBuiltinModule('node:stream') as typeof import('node:stream');
      const { pipeline } = process.getBuiltinModule(
        'node:stream/promises',
      ) as typeof import('node:stream/promises');
      await pipeline(
        Readable.fromWeb(response.body as WebReadableStream),
        stream as unknown as NodeJS.WritableStream,
      );
    },
  );
}
