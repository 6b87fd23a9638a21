/**
 * Errors raised while loading a handler. Each subclass's `name` is the Lambda error type AWS's managed
 * Node.js runtime reports (`Runtime.ImportModuleError`, ...), so `{ errorType: err.name }` is right as is.
 * `name` lives on the prototype (as in AWS's runtime interface client), which keeps it out of
 * `JSON.stringify` and puts it in the first line of `stack`.
 */
export class HandlerLoadError extends Error {
  readonly code: string = 'ERR_HANDLER_LOAD';
}
Object.defineProperty(HandlerLoadError.prototype, 'name', {
  value: 'HandlerLoadError',
  writable: true,
  configurable: true,
});

/** `_HANDLER` contains `..`, or its last path segment has no dot. */
export class MalformedHandlerNameError extends HandlerLoadError {
  declare readonly name: 'Runtime.MalformedHandlerName';
  override readonly code = 'ERR_MALFORMED_HANDLER_NAME' as const;
}
Object.defineProperty(MalformedHandlerNameError.prototype, 'name', {
  value: 'Runtime.MalformedHandlerName',
  writable: true,
  configurable: true,
});

/** The module could not be found (`MODULE_NOT_FOUND`), or it is TypeScript the engine cannot run. */
export class ImportModuleError extends HandlerLoadError {
  declare readonly name: 'Runtime.ImportModuleError';
  override readonly code = 'ERR_IMPORT_MODULE' as const;
}
Object.defineProperty(ImportModuleError.prototype, 'name', {
  value: 'Runtime.ImportModuleError',
  writable: true,
  configurable: true,
});

/** The module loaded, but the export path is missing, falsy, or neither a function nor `{ fetch() }`. */
export class HandlerNotFoundError extends HandlerLoadError {
  declare readonly name: 'Runtime.HandlerNotFound';
  override readonly code = 'ERR_HANDLER_NOT_FOUND' as const;
}
Object.defineProperty(HandlerNotFoundError.prototype, 'name', {
  value: 'Runtime.HandlerNotFound',
  writable: true,
  configurable: true,
});

/** A `SyntaxError` escaped while loading the module (message `SyntaxError: ...`, the original stack). */
export class UserCodeSyntaxError extends HandlerLoadError {
  declare readonly name: 'Runtime.UserCodeSyntaxError';
  override readonly code = 'ERR_USER_CODE_SYNTAX' as const;
}
Object.defineProperty(UserCodeSyntaxError.prototype, 'name', {
  value: 'Runtime.UserCodeSyntaxError',
  writable: true,
  configurable: true,
});
