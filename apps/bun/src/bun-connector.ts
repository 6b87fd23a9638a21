import type { Connection, ConnectionEvents } from '@lambda-engines/runtime-api';

// Bun's own TCP socket: the Runtime API connection without loading `node:net`, which costs Bun about
// 17 ms of start-up (see apps/bun/README.md). Bun-only, so it lives in the Bun app.

interface BunSocket {
  write(data: Uint8Array | string): number;
  ref(): void;
  unref(): void;
  end(): void;
  terminate?(): void;
}

declare const Bun: {
  connect(options: {
    hostname: string;
    port: number;
    socket: {
      data(socket: BunSocket, data: Buffer): void;
      drain(socket: BunSocket): void;
      close(socket: BunSocket, error?: Error): void;
      error(socket: BunSocket, error: Error): void;
    };
  }): Promise<BunSocket>;
};

export function bunConnector(host: string, port: number, events: ConnectionEvents): Promise<Connection> {
  // Bytes the kernel did not take yet, written again on 'drain', in order.
  let backlog: Buffer[] = [];
  let closed = false;
  let failure: Error | undefined;

  const flush = (socket: BunSocket): void => {
    while (backlog.length > 0) {
      const chunk = backlog[0]!;
      const written = socket.write(chunk);
      if (written >= chunk.length) {
        backlog.shift();
        continue;
      }
      if (written > 0) backlog[0] = chunk.subarray(written);
      return;
    }
  };

  return Bun.connect({
    hostname: host,
    port,
    socket: {
      data: (_socket, data) => events.onData(data),
      drain: (socket) => flush(socket),
      error: (_socket, error) => {
        failure = error;
      },
      close: (_socket, error) => {
        if (closed) return;
        closed = true;
        backlog = [];
        events.onClose(error ?? failure);
      },
    },
  }).then((socket) => ({
    write(head: Buffer | string, body?: Uint8Array) {
      if (body === undefined && backlog.length === 0) {
        // The usual case: the socket takes it all at once. A string goes to Bun as it is (Bun encodes it
        // natively, about 0.25 us less than Buffer.from); only what the kernel did not take is kept.
        const written = socket.write(head);
        const size = typeof head === 'string' ? Buffer.byteLength(head) : head.length;
        if (written >= size) return;
        const bytes = typeof head === 'string' ? Buffer.from(head, 'utf8') : head;
        backlog.push(written > 0 ? bytes.subarray(written) : bytes);
        return;
      }
      const bytes = typeof head === 'string' ? Buffer.from(head, 'utf8') : head;
      backlog.push(body === undefined ? bytes : Buffer.concat([bytes, body]));
      if (backlog.length === 1) flush(socket);
    },
    ref: () => socket.ref(),
    unref: () => socket.unref(),
    destroy: () => {
      if (socket.terminate) socket.terminate();
      else socket.end();
    },
  }));
}
