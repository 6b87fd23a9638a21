/** Runtime API paths (version 2018-06-01). */
export const NEXT_PATH = '/2018-06-01/runtime/invocation/next';
export const INIT_ERROR_PATH = '/2018-06-01/runtime/init/error';

/** What `encodeURIComponent` leaves as it is: a request id (a UUID) needs no encoding. */
const URI_SAFE = /^[\w.!~*'()-]*$/;

/** The id URI-encoded like AWS's client; the test is about twice as fast as the call (Bun and Node). */
function encodeId(requestId: string): string {
  return URI_SAFE.test(requestId) ? requestId : encodeURIComponent(requestId);
}

/** `/2018-06-01/runtime/invocation/{id}/response`; the id is URI-encoded like AWS's client. */
export function responsePath(requestId: string): string {
  return `/2018-06-01/runtime/invocation/${encodeId(requestId)}/response`;
}

/** `/2018-06-01/runtime/invocation/{id}/error` */
export function errorPath(requestId: string): string {
  return `/2018-06-01/runtime/invocation/${encodeId(requestId)}/error`;
}

export const ERROR_TYPE_HEADER = 'Lambda-Runtime-Function-Error-Type';
export const XRAY_ERROR_CAUSE_HEADER = 'Lambda-Runtime-Function-XRay-Error-Cause';
/** AWS's Java and Ruby clients drop an X-Ray cause header above 1 MiB. */
export const XRAY_ERROR_CAUSE_MAX = 1024 * 1024;
