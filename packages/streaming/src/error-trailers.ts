import type { RuntimeErrorBody } from '@lambda-engines/runtime-api';
import { errorTypeHeader, serializeErrorBody } from '@lambda-engines/runtime-api';
import { TRAILER_ERROR_BODY, TRAILER_ERROR_TYPE } from './constants.ts';

/**
 * The two trailers that end a failed stream: the error type, and the base64 of the error body's JSON.
 * The type is made header-safe the same way as the `/error` header (so a strange `error.name` can never
 * make `addTrailers` throw); the body trailer keeps the exact name.
 */
export function errorTrailers(body: RuntimeErrorBody): Record<string, string> {
  return {
    [TRAILER_ERROR_TYPE]: errorTypeHeader(body),
    [TRAILER_ERROR_BODY]: Buffer.from(serializeErrorBody(body), 'utf8').toString('base64'),
  };
}
