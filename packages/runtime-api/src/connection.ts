/**
 * The byte stream under the socket transport. `node:net` gives one (the default); an engine with a
 * faster socket of its own (Bun's `Bun.connect`) can give another, so that engine never loads `node:net`.
 */
export interface Connection {
  /** Writes the bytes in order; buffers what the kernel does not take at once. */
  write(head: Buffer | string, body?: Uint8Array): void;
  /** Keep the process alive while a request is out ... */
  ref(): void;
  /** ... and let it end while the connection idles (the runtime waits for an empty event loop). */
  unref(): void;
  destroy(): void;
}

export interface ConnectionEvents {
  onData(chunk: Buffer): void;
  /** The peer closed or the connection failed; `error` when it failed. */
  onClose(error: Error | undefined): void;
}

/**
 * Opens a connection. Rejects with the system error (its `code`, e.g. `ECONNREFUSED`, drives the
 * transport's first-connect retry). Once it resolves, `events` receive everything.
 */
export type Connector = (host: string, port: number, events: ConnectionEvents) => Promise<Connection>;
