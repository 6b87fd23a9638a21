import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { sendJson } from './http-util.ts';
import { handleInvoke, INVOKE_PATH } from './invoke-endpoint.ts';
import type { LambdaService } from './lambda-service.ts';

const RUNTIME_PREFIX = '/2018-06-01/runtime/';
const INVOCATION_PATH = /^invocation\/([^/]+)\/(response|error)$/;

/** One HTTP server for both APIs: the Runtime API (`/2018-06-01/runtime/...`) and RIE's invoke path. */
export function createEmulatorServer(service: LambdaService, functionVersion: string): Server {
  // maxHeaderSize: Lambda's Runtime API takes an X-Ray error cause header of up to 1 MiB (AWS's Python
  // client sends one with the whole stack); Node's 16 KiB default would refuse a deep recursion's error.
  const server = createServer(
    { requestTimeout: 0, keepAlive: true, maxHeaderSize: 1024 * 1024 + 64 * 1024 },
    (req, res) => {
      route(service, functionVersion, req, res).catch((error: unknown) => {
        if (!res.headersSent) {
          sendJson(res, 500, { errorType: 'ServiceException', errorMessage: String(error) });
        } else {
          res.destroy();
        }
      });
    },
  );
  // No idle timeout on keep-alive connections: a runtime may POST its answer on the connection of
  // its `/next` minutes later (Node's default of 5 s would race with that POST). `close()` closes them.
  server.keepAliveTimeout = 0;
  return server;
}

async function route(
  service: LambdaService,
  functionVersion: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const path = (req.url ?? '/').split('?', 1)[0]!;
  if (path.startsWith(RUNTIME_PREFIX)) {
    const rest = path.slice(RUNTIME_PREFIX.length);
    if (rest === 'invocation/next' && req.method === 'GET') return service.handleNext(req, res);
    if (rest === 'init/error' && req.method === 'POST') return service.handleInitError(req, res);
    const match = INVOCATION_PATH.exec(rest);
    if (match && req.method === 'POST') {
      const id = decodeURIComponent(match[1]!);
      return match[2] === 'response'
        ? service.handleResponse(id, req, res)
        : service.handleError(id, req, res);
    }
  } else if (INVOKE_PATH.test(path)) {
    return handleInvoke(service, functionVersion, req, res);
  }
  req.resume();
  sendJson(res, 404, { errorMessage: `Not found: ${req.method} ${path}`, errorType: 'NotFound' });
}
