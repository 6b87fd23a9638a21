/**
 * Lambda's Invoke API refuses request payloads above 6 MiB: "Request must be smaller than 6291456 bytes
 * for the InvokeFunction operation". (AWS's RIE uses 6 MiB + 100 for both directions.)
 */
export const MAX_INVOKE_REQUEST_BYTES = 6 * 1024 * 1024;

/**
 * A buffered response (and an error body) may be at most 6 MiB + 100 bytes: Lambda answers the runtime
 * "Exceeded maximum allowed payload size (6291556 bytes)." above it; RIE uses the same number.
 */
export const MAX_BUFFERED_RESPONSE_BYTES = 6 * 1024 * 1024 + 100;

/** A streamed response may be at most 200 MiB (Lambda's limit since mid-2025). */
export const MAX_STREAMED_RESPONSE_BYTES = 200 * 1024 * 1024;

/** Lambda's init phase limit: a bootstrap that does not call `/next` within it is killed. */
export const INIT_TIMEOUT_SECONDS = 10;

/** Time a child gets between SIGTERM and SIGKILL. */
export const KILL_GRACE_MS = 500;
