import type { Socket } from 'node:net';
import type { Connection, ConnectionEvents } from './connection.ts';

type NetModule = typeof import('node:net');

/**
 * The default connector, on `node:net`. The module is fetched when the first connection opens, not when
 * this file loads, so a transport given another connector never pays for `node:net` (about 17 ms of
 * Bun's start-up).
 */
export function nodeNetConnector(host: string, port: number, events: ConnectionEvents): Promise<Connection> {
  const net = process.getBuiltinModule('node:net') as NetModule;
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    const onError = (error: Error) => {
      socket.destroy();
      reject(error);
    };
    socket.once('error', onError);
    socket.once('connect', () => {
      socket.removeListener('error', onError);
      socket.setNoDelay(true);
      let failure: Error | undefined;
      socket.on('data', (chunk: Buffer) => events.onData(chunk));
      socket.on('error', (error: Error) => {
        failure = error;
      });
      socket.on('close', () => events.onClose(failure));
      resolve(wrap(socket));
    });
  });
}

function wrap(socket: Socket): Connection {
  return {
    write(head, body) {
      if (body === undefined) {
        socket.write(head);
        return;
      }
      socket.cork();
      socket.write(head);
      socket.write(body);
      socket.uncork();
    },
    ref: () => socket.ref(),
    unref: () => socket.unref(),
    destroy: () => socket.destroy(),
  };
}
