import { writeSync } from 'node:fs';

// Console lines as AWS's managed Node.js runtime writes them (its LogPatch): text
// `<ISO time>\t<requestId>\t<LEVEL>\t<message>` with newlines folded to \r, or one JSON object per line
// when AWS_LAMBDA_LOG_FORMAT=JSON; AWS_LAMBDA_LOG_LEVEL drops lower levels; frames to
// _LAMBDA_TELEMETRY_LOG_FD when Lambda hands one over.

interface Level {
  readonly name: string;
  readonly priority: number;
  readonly tlvMask: number;
}

const LEVELS: Readonly<Record<string, Level>> = Object.freeze({
  TRACE: { name: 'TRACE', priority: 1, tlvMask: 0b00100 },
  DEBUG: { name: 'DEBUG', priority: 2, tlvMask: 0b01000 },
  INFO: { name: 'INFO', priority: 3, tlvMask: 0b01100 },
  WARN: { name: 'WARN', priority: 4, tlvMask: 0b10000 },
  ERROR: { name: 'ERROR', priority: 5, tlvMask: 0b10100 },
  FATAL: { name: 'FATAL', priority: 6, tlvMask: 0b11000 },
});

const REQUEST_ID = Symbol.for('aws.lambda.runtime.requestId');
const TENANT_ID = Symbol.for('aws.lambda.runtime.tenantId');
type Globals = Record<symbol, string | undefined>;

export function setCurrentRequestId(requestId: string | undefined, tenantId?: string): void {
  (globalThis as unknown as Globals)[REQUEST_ID] = requestId;
  (globalThis as unknown as Globals)[TENANT_ID] = tenantId;
}

type Format = (...params: unknown[]) => string;
let utilFormat: Format | undefined;

/**
 * util.format, with the common case (plain strings, no `%` to substitute) done here: `node:util` costs
 * Bun about 8 ms to load, so it loads with the first log line that needs it, not at every cold start.
 */
function format(...params: unknown[]): string {
  const first = params[0];
  if (params.length === 1 && typeof first === 'string') return first;
  if (typeof first === 'string' && !first.includes('%') && params.every((p) => typeof p === 'string')) {
    return params.join(' ');
  }
  utilFormat ??= (process.getBuiltinModule('node:util') as typeof import('node:util')).format;
  return utilFormat(...params);
}

function currentRequestId(): string | undefined {
  return (globalThis as unknown as Globals)[REQUEST_ID];
}

function currentTenantId(): string | undefined {
  return (globalThis as unknown as Globals)[TENANT_ID];
}

type Emit = (level: Level, params: unknown[]) => void;

function errorFields(value: Error): Record<string, unknown> {
  return Object.assign<Record<string, unknown>, Error>(
    {
      errorType: value.constructor?.name ?? 'UnknownError',
      errorMessage: value.message,
      stackTrace: typeof value.stack === 'string' ? value.stack.split('\n') : value.stack,
    },
    value,
  );
}

function jsonErrorReplacer(_key: string, value: unknown): unknown {
  return value instanceof Error ? errorFields(value) : value;
}

export function formatJsonLine(time: string, level: Level, params: unknown[]): string {
  const record: Record<string, unknown> = {
    timestamp: time,
    level: level.name,
    requestId: currentRequestId(),
  };
  const tenantId = currentTenantId();
  if (tenantId !== undefined) record.tenantId = tenantId;
  if (params.length === 1) {
    record.message = params[0];
    try {
      return JSON.stringify(record, jsonErrorReplacer);
    } catch {
      record.message = format(params[0]);
      return JSON.stringify(record);
    }
  }
  record.message = format(...params);
  for (const param of params) {
    if (param instanceof Error) {
      record.errorType = param.constructor?.name ?? 'UnknownError';
      record.errorMessage = param.message;
      record.stackTrace = typeof param.stack === 'string' ? param.stack.split('\n') : [];
      break;
    }
  }
  return JSON.stringify(record);
}

function formatTextLine(time: string, level: Level, params: unknown[]): string {
  return `${time}\t${currentRequestId()}\t${level.name}\t${format(...params)}`;
}

function toStdout(formatLine: (time: string, level: Level, params: unknown[]) => string): Emit {
  return (level, params) => {
    const line = formatLine(new Date().toISOString(), level, params).replace(/\n/g, '\r');
    process.stdout.write(`${line}\n`);
  };
}

function toTelemetryFd(fd: number, json: boolean): Emit {
  const header = Buffer.alloc(16);
  const frameType = json ? 0xa55a0002 : 0xa55a0003;
  return (level, params) => {
    const date = new Date();
    const time = date.toISOString();
    const text = json ? formatJsonLine(time, level, params) : `${formatTextLine(time, level, params)}\n`;
    const bytes = Buffer.from(text, 'utf8');
    header.writeUInt32BE((frameType | level.tlvMask) >>> 0, 0);
    header.writeInt32BE(bytes.length, 4);
    header.writeBigInt64BE(BigInt(date.valueOf()) * 1000n, 8);
    writeSync(fd, header);
    writeSync(fd, bytes);
  };
}

/** Serialises an error for a text log line, as AWS's `toFormatted`: a tab, then JSON with its own fields. */
function toFormatted(error: unknown): string {
  const withFields = (_key: string, value: unknown): unknown => {
    if (!(value instanceof Error)) return value;
    const out: Record<string, unknown> = Object.assign<Record<string, unknown>, Error>(
      { errorType: value.name, errorMessage: value.message, code: (value as { code?: unknown }).code },
      value,
    );
    if (typeof value.stack === 'string') out.stack = value.stack.split('\n');
    return out;
  };
  try {
    return `\t${JSON.stringify(error, withFields)}`;
  } catch {
    return `\t${JSON.stringify({ errorType: 'Error', errorMessage: String(error) })}`;
  }
}

function intoError(value: unknown): Error {
  if (value instanceof Error) return value;
  try {
    return new Error(String(value));
  } catch {
    // A thrown object whose toString throws: logging must not throw in its turn.
    return new Error(Object.prototype.toString.call(value));
  }
}

/** What `logError` writes when the error cannot even be formatted (throwing getters, a revoked Proxy). */
const UNFORMATTABLE = '\t{"errorType":"handled","errorMessage":"the error could not be formatted"}';

export interface StructuredConsole {
  /** Logs an invocation or runtime error the way the managed runtime does ("Invoke Error", ...). */
  logError(message: string, error: unknown): void;
}

/**
 * Replaces console.trace/debug/info/log/warn/error (and adds console.fatal) with Lambda's formats.
 * Reads AWS_LAMBDA_LOG_FORMAT, AWS_LAMBDA_LOG_LEVEL and _LAMBDA_TELEMETRY_LOG_FD once, here, so the
 * per-line path has no branches on configuration.
 */
export function patchConsole(env: NodeJS.ProcessEnv = process.env): StructuredConsole {
  const json = env.AWS_LAMBDA_LOG_FORMAT?.toUpperCase() === 'JSON';
  const fdText = env._LAMBDA_TELEMETRY_LOG_FD;
  let emit: Emit;
  if (fdText !== undefined && fdText !== '') {
    delete env._LAMBDA_TELEMETRY_LOG_FD;
    emit = toTelemetryFd(Number.parseInt(fdText, 10), json);
  } else {
    emit = toStdout(json ? formatJsonLine : formatTextLine);
  }
  const minimum = LEVELS[env.AWS_LAMBDA_LOG_LEVEL?.toUpperCase() ?? ''] ?? LEVELS.TRACE!;
  const sink = (level: Level) =>
    level.priority >= minimum.priority ? (...params: unknown[]) => emit(level, params) : () => {};
  const target = console as unknown as Record<string, unknown>;
  target.trace = sink(LEVELS.TRACE!);
  target.debug = sink(LEVELS.DEBUG!);
  target.info = sink(LEVELS.INFO!);
  target.log = target.info;
  target.warn = sink(LEVELS.WARN!);
  target.error = sink(LEVELS.ERROR!);
  target.fatal = (...params: unknown[]) => emit(LEVELS.FATAL!, params);
  const logError: (message: string, error: unknown) => void = json
    ? (_message, error) => console.error(intoError(error))
    : (message, error) => console.error(message, toFormatted(intoError(error)));
  return {
    // Never throws: it runs on the way to reporting the error, which must not be lost to a logging failure.
    logError: (message, error) => {
      try {
        logError(message, error);
      } catch {
        try {
          console.error(message, UNFORMATTABLE);
        } catch {}
      }
    },
  };
}
