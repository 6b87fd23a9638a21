/**
 * Promises that resolve when a condition over a test server's state holds: the server calls
 * `notify()` whenever that state changes (a request ended, a connection closed).
 */
export class ConditionWaiters {
  readonly #checks = new Set<() => void>();

  /** Resolves true once `predicate` holds, false after `timeoutMs`. */
  waitFor(predicate: () => boolean, timeoutMs: number): Promise<boolean> {
    if (predicate()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#checks.delete(check);
        resolve(false);
      }, timeoutMs);
      const check = (): void => {
        if (!predicate()) return;
        clearTimeout(timer);
        this.#checks.delete(check);
        resolve(true);
      };
      this.#checks.add(check);
    });
  }

  notify(): void {
    for (const check of [...this.#checks]) check();
  }
}
