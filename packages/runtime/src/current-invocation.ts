import type { AsyncLocalStorage } from 'node:async_hooks';
import type { Invocation } from '@lambda-engines/runtime-api';
import type { LambdaContext } from './context-types.ts';

/** What user code (and libraries like loggers and tracers) can read about the invocation in flight. */
export interface CurrentInvocation {
  readonly invocation: Invocation;
  readonly context: LambdaContext;
}

// The AsyncLocalStorage is made on the first getCurrentInvocation() call, not at start: node:async_hooks
// costs Bun about 2 ms of cold start, and on Node 20 a live AsyncLocalStorage hooks every promise (about
// 5% of a no-op invocation). Until it exists, one invocation runs at a time, so the latest one started
// is the answer; chains that began outside the storage (before it existed, or outside any invocation)
// get that one too.
let storage: AsyncLocalStorage<CurrentInvocation> | undefined;
let latest: CurrentInvocation | undefined;

/** The invocation whose handler started the current async call chain, else the latest one started. */
export function getCurrentInvocation(): CurrentInvocation | undefined {
  if (storage === undefined) {
    const asyncHooks = process.getBuiltinModule('node:async_hooks') as typeof import('node:async_hooks');
    storage = new asyncHooks.AsyncLocalStorage<CurrentInvocation>();
    return latest;
  }
  return storage.getStore() ?? latest;
}

/**
 * Calls `handler(a, b, c)` as the invocation `current` (what getCurrentInvocation() answers in the chain it
 * starts). The arguments are passed through rather than closed over: no closure per invocation while no
 * storage exists (the usual case).
 */
export function callInInvocation(
  current: CurrentInvocation,
  handler: (a: unknown, b: unknown, c: unknown) => unknown,
  a: unknown,
  b: unknown,
  c: unknown,
): unknown {
  latest = current;
  return storage === undefined ? handler(a, b, c) : storage.run(current, () => handler(a, b, c));
}
