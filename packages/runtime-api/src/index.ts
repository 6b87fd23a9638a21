export type { RuntimeApiAddress } from './address.ts';
export { formatAuthority, parseRuntimeApiAddress, runtimeApiAddress } from './address.ts';
export type { Connection, ConnectionEvents, Connector } from './connection.ts';
export type { CreateTransportOptions, UndiciTransportClass } from './create-transport.ts';
export { createTransport } from './create-transport.ts';
export {
  RuntimeApiAddressError,
  RuntimeApiConnectionError,
  RuntimeApiError,
  RuntimeApiProtocolError,
  RuntimeApiStatusError,
  RuntimeApiUnreachableError,
  STATUS_BODY_CAP,
} from './errors.ts';
export type { ResponseHeaders } from './invocation-headers.ts';
export { invocationFromHeaders } from './invocation-headers.ts';
export { nodeNetConnector } from './node-net-connector.ts';
export {
  ERROR_TYPE_HEADER,
  errorPath,
  INIT_ERROR_PATH,
  NEXT_PATH,
  responsePath,
  XRAY_ERROR_CAUSE_HEADER,
} from './paths.ts';
export {
  errorTypeHeader,
  serializeErrorBody,
  toRuntimeErrorBody,
  UNREADABLE_ERROR_MESSAGE,
} from './runtime-error-body.ts';
export type { SocketTransportOptions } from './socket-transport.ts';
export { SocketTransport } from './socket-transport.ts';
export type { Invocation, PostErrorOptions, RuntimeApiTransport, RuntimeErrorBody } from './types.ts';
