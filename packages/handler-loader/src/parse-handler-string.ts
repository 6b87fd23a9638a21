import { basename } from 'node:path';
import { MalformedHandlerNameError } from './errors.ts';

export interface ParsedHandler {
  /** The directory part of `_HANDLER`, relative to the task root (or absolute), without a trailing slash. */
  moduleRoot: string;
  /** The last path segment up to its first dot: the file (or package) to load. */
  moduleName: string;
  /** The export path after that dot, split on dots: `file.a.b` gives `['a', 'b']`. */
  handlerPath: string[];
}

const FUNCTION_EXPR = /^([^.]*)\.(.*)$/;
const RELATIVE_PATH_SUBSTRING = '..';

/**
 * Splits `_HANDLER` (`[dir/]module.export[.nested]`) the way AWS's runtime interface client does.
 * @throws MalformedHandlerNameError when it contains `..` or its last segment has no dot.
 */
export function parseHandlerString(handler: string): ParsedHandler {
  if (handler.includes(RELATIVE_PATH_SUBSTRING)) {
    throw new MalformedHandlerNameError(
      `'${handler}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`,
    );
  }
  const handlerString = basename(handler);
  // indexOf, not lastIndexOf, exactly as RIC: 'a.b/a.b' resolves module 'a' in the root.
  const moduleRoot = handler.substring(0, handler.indexOf(handlerString));
  const match = FUNCTION_EXPR.exec(handlerString);
  if (match === null) throw new MalformedHandlerNameError('Bad handler');
  return {
    moduleRoot: moduleRoot.length > 1 && moduleRoot.endsWith('/') ? moduleRoot.slice(0, -1) : moduleRoot,
    moduleName: match[1] ?? '',
    handlerPath: (match[2] ?? '').split('.'),
  };
}
