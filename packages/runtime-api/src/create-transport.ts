import { parseRuntimeApiAddress, type RuntimeApiAddress, runtimeApiAddress } from './address.ts';
import type { Connector } from './connection.ts';
import { SocketTransport } from './socket-transport.ts';
import type { RuntimeApiTransport } from './types.ts';

/** What `createTransport` needs to build an undici transport: `UndiciTransport` from `@lambda-engines/runtime-api/undici`. */
export type UndiciTransportClass = new (options: {
  address: RuntimeApiAddress;
  connectRetryMs?: number;
}) => RuntimeApiTransport;

export interface CreateTransportOptions {
  /** `host:port` or an address; defaults to `AWS_LAMBDA_RUNTIME_API` (read now: a bad value throws here). */
  address?: string | RuntimeApiAddress;
  /** Default `'socket'`: the measured faster one on Node and Bun, warm and cold (see README). */
  kind?: 'socket' | 'undici';
  /**
   * Needed for `kind: 'undici'`: pass `UndiciTransport` from `@lambda-engines/runtime-api/undici`. The main
   * entry never imports undici, so a bootstrap that picks the socket transport does not load it.
   */
  undici?: UndiciTransportClass;
  /** First-connect retry budget for `ECONNREFUSED`, ms (default 1000). */
  connectRetryMs?: number;
  /** For `kind: 'socket'`: opens its connection (default `node:net`; the Bun app gives `Bun.connect`). */
  connector?: Connector;
}

/** Builds the Runtime API transport. Throws `RuntimeApiAddressError` on a missing or malformed address. */
export function createTransport(options: CreateTransportOptions = {}): RuntimeApiTransport {
  const address =
    typeof options.address === 'string'
      ? parseRuntimeApiAddress(options.address)
      : (options.address ?? runtimeApiAddress());
  const kind = options.kind ?? 'socket';
  const retry = options.connectRetryMs === undefined ? {} : { connectRetryMs: options.connectRetryMs };
  if (kind === 'socket') return new SocketTransport({ address, connector: options.connector, ...retry });
  if (kind === 'undici') {
    if (options.undici === undefined) {
      throw new TypeError(
        "createTransport({ kind: 'undici' }) needs the undici class: " +
          "import { UndiciTransport } from '@lambda-engines/runtime-api/undici' and pass { undici: UndiciTransport }.",
      );
    }
    return new options.undici({ address, ...retry });
  }
  throw new TypeError(`Unknown transport kind ${JSON.stringify(kind)}: use 'socket' or 'undici'.`);
}
