import { AsyncLocalStorage } from 'node:async_hooks';
import type { Invocation } from '@lambda-engines/runtime-api';
import type { LambdaContext } from './context-types.ts';

/** What user code (and libraries like loggers and tracers) can read about the invocation in flight. */
export interface CurrentInvocation {
  readonly invocation: Invocation;
  readonly context: LambdaContext;
}

const storage = new AsyncLocalStorage<CurrentInvocation>();

/** The invocation whose handler started the current async call chain, if any. */
export function getCurrentInvocation(): CurrentInvocation | undefined {
  return storage.getStore();
}

export function runInInvocation<T>(current: CurrentInvocation, fn: () => T): T {
  return storage.run(current, fn);
}
