// One process-wide 'beforeExit' listener whose action the runtime swaps per invocation: it is how a
// callback handler's result waits for an empty event loop (callbackWaitsForEmptyEventLoop), as in AWS's client.
const noop = (): void => {};
let action: () => void = noop;
let installed = false;

export const beforeExit = {
  install(): void {
    if (installed) return;
    installed = true;
    process.on('beforeExit', () => action());
  },
  set(listener: () => void): void {
    action = listener;
  },
  reset(): void {
    action = noop;
  },
};
