import { JsonStringifyError } from './errors.ts';

/** JSON for a buffered response: `undefined` is `null`, as in AWS's client; unserialisable is an error. */
export function serialiseResult(result: unknown): string {
  let body: string | undefined;
  try {
    body = JSON.stringify(result === undefined ? null : result);
  } catch (cause) {
    throw new JsonStringifyError({ cause });
  }
  // JSON.stringify gives undefined for a function or symbol result: Lambda still needs a JSON body.
  return body ?? 'null';
}
