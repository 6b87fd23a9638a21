import { HttpResponseStream, streamifyResponse } from '@lambda-engines/streaming/handler';
import { getCurrentInvocation } from './current-invocation.ts';
import { onShutdown } from './shutdown.ts';

/**
 * The `awslambda` global the managed runtime gives user code, set before the handler module loads.
 * `getCurrentInvocation` is ours: the invocation in flight, through AsyncLocalStorage (made on first use). `onShutdown(hook)` is
 * ours too: hooks run on SIGTERM (Lambda's shutdown phase), bounded, before the runtime exits 0.
 */
export function installAwslambdaGlobal(): void {
  Object.defineProperty(globalThis, 'awslambda', {
    value: Object.freeze({ streamifyResponse, HttpResponseStream, getCurrentInvocation, onShutdown }),
    writable: true,
    configurable: true,
    enumerable: false,
  });
}
