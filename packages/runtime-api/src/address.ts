import { RuntimeApiAddressError } from './errors.ts';

/** Where the Runtime API listens. `host` has no brackets (an IPv6 literal is bare: `::1`). */
export interface RuntimeApiAddress {
  host: string;
  port: number;
}

/**
 * Reads `AWS_LAMBDA_RUNTIME_API` (`host:port`, `[v6]:port`; no scheme, no path). Throws
 * `RuntimeApiAddressError` when it is missing or malformed.
 */
export function runtimeApiAddress(env: Record<string, string | undefined> = process.env): RuntimeApiAddress {
  return parseRuntimeApiAddress(env.AWS_LAMBDA_RUNTIME_API);
}

/** Parses a `host:port` / `[v6]:port` string; throws `RuntimeApiAddressError`. */
export function parseRuntimeApiAddress(value: string | undefined): RuntimeApiAddress {
  if (value === undefined || value.trim() === '') {
    throw new RuntimeApiAddressError(
      'AWS_LAMBDA_RUNTIME_API is not set: this runtime must run inside Lambda (or an emulator that sets it); ' +
        'check AWS_LAMBDA_RUNTIME_API.',
    );
  }
  const text = value.trim();
  let host: string;
  let portText: string;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    host = close > 1 ? text.slice(1, close) : '';
    portText = close > 0 && text[close + 1] === ':' ? text.slice(close + 2) : '';
    if (!host.includes(':')) host = '';
  } else {
    const colon = text.indexOf(':');
    if (colon !== text.lastIndexOf(':')) host = '';
    else host = colon > 0 ? text.slice(0, colon) : '';
    portText = colon > 0 ? text.slice(colon + 1) : '';
  }
  const port = Number(portText);
  const validPort = /^[0-9]{1,5}$/.test(portText) && port >= 1 && port <= 65535;
  if (host === '' || !validPort || /[\s/@?#]/.test(host)) {
    throw new RuntimeApiAddressError(
      `AWS_LAMBDA_RUNTIME_API is malformed: ${JSON.stringify(value)}; expected host:port ` +
        '(e.g. 127.0.0.1:9001 or [::1]:9001, no scheme); check AWS_LAMBDA_RUNTIME_API.',
    );
  }
  return { host, port };
}

/** The `Host` header value / URL authority for an address (brackets an IPv6 literal). */
export function formatAuthority(address: RuntimeApiAddress): string {
  return address.host.includes(':') ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
}
