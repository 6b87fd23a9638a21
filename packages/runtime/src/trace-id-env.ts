/** Sets `_X_AMZN_TRACE_ID` in the process environment to a new value (the variable exists afterwards). */
export type TraceIdSetter = (traceId: string) => void;

/** Loads a setter that does not grow memory per distinct value; `undefined` when there is none here. */
export type TraceIdSetterLoader = () => TraceIdSetter | undefined;

/** Writes before the loader is called: cold starts and short-lived sandboxes never pay for loading it. */
export const TRACE_ID_WRITES_BEFORE_LOADER = 100;

/**
 * Keeps `_X_AMZN_TRACE_ID` equal to the invocation's trace id and deletes it when Lambda sends none, as
 * AWS's client does. AWS's client assigns `process.env`, which is glibc's `setenv()`: it keeps every
 * distinct value for the life of the process, ~150 bytes per invocation since every trace id is new
 * (~13 MB per 100,000 invocations). An engine app may give a loader of a setter that reuses its memory
 * (the Node app's putenv() addon); after the first writes it takes over. When the loader finds nothing or
 * throws, the `process.env` assignment stays: the same behaviour, with the growth.
 */
export class TraceIdEnv {
  #load: TraceIdSetterLoader | undefined;
  #writesBeforeLoad: number;
  #set: TraceIdSetter | undefined;

  constructor(load?: TraceIdSetterLoader, writesBeforeLoad = TRACE_ID_WRITES_BEFORE_LOADER) {
    this.#load = load;
    this.#writesBeforeLoad = writesBeforeLoad;
  }

  write(traceId: string | undefined): void {
    if (!traceId) {
      if (process.env._X_AMZN_TRACE_ID !== undefined) delete process.env._X_AMZN_TRACE_ID;
    } else if (this.#set !== undefined) {
      this.#set(traceId);
    } else {
      process.env._X_AMZN_TRACE_ID = traceId;
      if (this.#load !== undefined && --this.#writesBeforeLoad <= 0) this.#loadSetter(this.#load);
    }
  }

  #loadSetter(load: TraceIdSetterLoader): void {
    this.#load = undefined;
    try {
      this.#set = load();
    } catch (error) {
      process.stderr.write(
        `lambda-engines: _X_AMZN_TRACE_ID stays a process.env assignment (its memory grows per invocation): ${String(error)}\n`,
      );
    }
  }
}
