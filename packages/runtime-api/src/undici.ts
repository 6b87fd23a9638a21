export type { UndiciTransportOptions } from './undici-transport.ts';
export { UndiciTransport } from './undici-transport.ts';
