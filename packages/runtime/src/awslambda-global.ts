import { HttpResponseStream, streamifyResponse } from '@lambda-engines/streaming';
import { getCurrentInvocation } from './current-invocation.ts';

/**
 * The `awslambda` global the managed runtime gives user code, set before the handler module loads.
 * `getCurrentInvocation` is ours: the invocation in flight, through AsyncLocalStorage.
 */
export function installAwslambdaGlobal(): void {
  Object.defineProperty(globalThis, 'awslambda', {
    value: Object.freeze({ streamifyResponse, HttpResponseStream, getCurrentInvocation }),
    writable: true,
    configurable: true,
    enumerable: false,
  });
}
