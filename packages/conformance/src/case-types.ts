import type { EventSpec, RunResult } from './run-bootstrap.ts';

export type Engine = 'node' | 'bun' | 'python';

/** A handler as one language writes it: the folder (under fixtures/) and the `_HANDLER` string. */
export interface HandlerRef {
  readonly fixture: string;
  readonly handler: string;
}

/**
 * One black-box case: a real handler folder, the events, and what must reach the Runtime API.
 * `js` runs on the Node and Bun apps; `python` on the Python app, or a reason it does not apply.
 */
export interface ConformanceCase {
  readonly name: string;
  readonly js: HandlerRef;
  readonly python?: HandlerRef | { readonly notApplicable: string };
  readonly env?: Readonly<Record<string, string>>;
  readonly events: readonly EventSpec[];
  readonly waitForExit?: boolean;
  readonly waitMs?: number;
  readonly check: (result: RunResult, engine: Engine) => void;
}
