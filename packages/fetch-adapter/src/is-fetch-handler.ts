/**
 * True for a fetch-style handler object: anything (an object or a function, e.g. a Hono app or
 * `export default { fetch(request) {...} }`) with a callable `fetch` property. A bare function
 * `(request: Request) => Response` cannot be told apart from a classic handler by inspection; the loader
 * decides that one by configuration.
 */
export function isFetchHandler(
  value: unknown,
): value is { fetch: (request: Request, ...rest: any[]) => unknown } {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return false;
  try {
    return typeof (value as { fetch?: unknown }).fetch === 'function';
  } catch {
    return false;
  }
}
