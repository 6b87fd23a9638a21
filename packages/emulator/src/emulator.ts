import { accessSync, constants, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { BootstrapNotFoundError, EmulatorClosedError, InvalidOptionError } from './errors.ts';
import { InvokeClient, type InvokeOptions, type InvokeResult } from './invoke-client.ts';
import { LambdaService } from './lambda-service.ts';
import type { EmulatorOptions, ResolvedOptions } from './options.ts';
import { createEmulatorServer } from './server.ts';

export interface Emulator {
  /** `http://host:port`: RIE's invoke URL is `${url}/2015-03-31/functions/function/invocations`. */
  url: string;
  /** `host:port`, the value of the child's `AWS_LAMBDA_RUNTIME_API`. */
  runtimeApiAddress: string;
  /** Invokes the function through the emulator's own HTTP endpoint. */
  invoke(event: string | Uint8Array, options?: InvokeOptions): Promise<InvokeResult>;
  /** Answers pending invokes with 503, stops the runtime process and the server. */
  close(): Promise<void>;
}

/** Starts the HTTP server; the bootstrap is spawned lazily, on the first invoke. */
export async function startEmulator(options: EmulatorOptions): Promise<Emulator> {
  const resolved = resolveOptions(options);
  const service = new LambdaService(resolved);
  const server = createEmulatorServer(service, resolved.functionVersion);
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(resolved.port, resolved.host, () => {
      server.off('error', fail);
      done();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host;
  const runtimeApiAddress = `${host}:${port}`;
  service.runtimeApiAddress = runtimeApiAddress;
  const url = `http://${runtimeApiAddress}`;
  const invokePath = `${url}/2015-03-31/functions/function/invocations`;
  const client = new InvokeClient(invokePath);
  let closing: Promise<void> | undefined;

  return {
    url,
    runtimeApiAddress,
    invoke(event, invokeOptions) {
      if (closing) return Promise.reject(new EmulatorClosedError('the emulator is closed'));
      return client.invoke(event, invokeOptions);
    },
    close() {
      closing ??= (async () => {
        await service.close();
        await new Promise<void>((done) => {
          server.close(() => done());
          server.closeAllConnections();
        });
        await client.close();
      })();
      return closing;
    },
  };
}

function resolveOptions(options: EmulatorOptions): ResolvedOptions {
  if (!options.bootstrap) throw new InvalidOptionError('bootstrap is required');
  if (!options.handler) throw new InvalidOptionError('handler is required');
  if (!options.taskRoot) throw new InvalidOptionError('taskRoot is required');
  const bootstrap = resolve(options.bootstrap);
  const taskRoot = resolve(options.taskRoot);
  if (!options.launch) {
    try {
      if (!statSync(bootstrap).isFile()) throw new Error('not a file');
      accessSync(bootstrap, constants.X_OK);
    } catch (cause) {
      throw new BootstrapNotFoundError(bootstrap, { cause });
    }
  }
  const timeoutSeconds = options.timeoutSeconds ?? 3;
  if (!(timeoutSeconds > 0) || timeoutSeconds > 900) {
    throw new InvalidOptionError(`timeoutSeconds must be in (0, 900], got ${timeoutSeconds}`);
  }
  const memoryMb = options.memoryMb ?? 128;
  if (!Number.isInteger(memoryMb) || memoryMb < 128 || memoryMb > 10240) {
    throw new InvalidOptionError(`memoryMb must be an integer in [128, 10240], got ${memoryMb}`);
  }
  return {
    bootstrap,
    handler: options.handler,
    taskRoot,
    launch: options.launch,
    env: options.env ?? {},
    timeoutSeconds,
    memoryMb,
    functionName: options.functionName ?? 'function',
    functionVersion: options.functionVersion ?? '$LATEST',
    region: options.region ?? 'us-east-1',
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    stdout: options.stdout ?? 'inherit',
    stderr: options.stderr ?? 'inherit',
    platformLog: options.platformLog ?? (() => {}),
  };
}
