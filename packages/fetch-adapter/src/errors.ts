/** Base class of the fetch adapter's errors; each subclass has a stable literal `code`. */
export class FetchAdapterError extends Error {
  readonly code: string = 'ERR_FETCH_ADAPTER';
  override name = 'FetchAdapterError';
}

/** How many event keys the message lists before it elides the rest. */
const MAX_KEYS_SHOWN = 12;

/**
 * A fetch-style handler (`{ fetch(request) }`) was invoked with an event that is not an HTTP event
 * (an SQS batch, a direct `aws lambda invoke` payload, ...).
 */
export class FetchEventError extends FetchAdapterError {
  override readonly code = 'ERR_NOT_AN_HTTP_EVENT' as const;
  override name = 'FetchEventError';
  /** The event's own keys (empty when the event is not a plain object). */
  readonly keys: string[];

  constructor(event: unknown, options?: { cause?: unknown }) {
    const keys = isObject(event) ? Object.keys(event) : [];
    super(
      'this handler is a fetch handler: it takes API Gateway (REST v1, HTTP v2), Lambda function URL or ALB ' +
        `events; got ${describe(event, keys)}`,
      options,
    );
    this.keys = keys;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(event: unknown, keys: string[]): string {
  if (event === null) return 'null';
  if (event === undefined) return 'undefined';
  if (Array.isArray(event)) return `an array of ${event.length} item${event.length === 1 ? '' : 's'}`;
  if (typeof event !== 'object') return `a ${typeof event}`;
  const shown = keys.slice(0, MAX_KEYS_SHOWN).join(', ');
  const more = keys.length > MAX_KEYS_SHOWN ? `, ... (${keys.length} keys)` : '';
  return `an event with keys [${shown}${more}]`;
}
