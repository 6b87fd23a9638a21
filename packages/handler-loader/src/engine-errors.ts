/**
 * Bun reports module failures with its own classes: a parse error is a `BuildMessage` (not a
 * `SyntaxError`), a failed resolution a `ResolveMessage`. Both carry Node's `code`s and messages; this
 * turns them into what Node throws so the rest of the loader (and the error a caller sees) is the same
 * on both engines. Anything else is returned as is.
 */
interface BunPosition {
  file?: string;
  line?: number;
  column?: number;
  lineText?: string;
}

export function normalizeEngineError(err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  if (err.name === 'BuildMessage') return fromBuildMessage(err);
  if (err.name === 'ResolveMessage') return fromResolveMessage(err);
  return err;
}

function fromBuildMessage(err: Error): SyntaxError {
  const syntaxError = new SyntaxError(err.message, { cause: err });
  const position = (err as Error & { position?: BunPosition | null }).position;
  const header = `SyntaxError: ${err.message}`;
  if (position?.file && position.line !== undefined) {
    const column = position.column ?? 1;
    // Node's decorated stack for a CommonJS parse error: file:line, the line, a caret, the error.
    syntaxError.stack =
      `${position.file}:${position.line}\n${position.lineText ?? ''}\n${' '.repeat(Math.max(0, column - 1))}^\n\n` +
      `${header}\n    at ${position.file}:${position.line}:${column}`;
  } else {
    syntaxError.stack = header;
  }
  return syntaxError;
}

function fromResolveMessage(err: Error): Error {
  const code = (err as Error & { code?: unknown }).code;
  const error = new Error(err.message, { cause: err });
  if (typeof code === 'string') (error as Error & { code?: string }).code = code;
  const frames = (err.stack ?? '').split('\n').filter((line) => line.startsWith('    at '));
  const head = typeof code === 'string' && code !== 'MODULE_NOT_FOUND' ? `Error [${code}]` : 'Error';
  error.stack = [`${head}: ${err.message}`, ...frames].join('\n');
  return error;
}
