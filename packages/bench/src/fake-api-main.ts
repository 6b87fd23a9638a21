// The fake Runtime API's own process, driven by the suite over IPC. Prints nothing; replies to each
// command `{ id, op, ... }` with `{ id, ... }`; pushes `{ ev: 'response', count, at }` when asked to.
// Times are CLOCK_MONOTONIC nanoseconds as decimal strings (the suite reads the same clock).
import { FakeRuntimeApi, now, type StreamStats } from './fake-api.ts';
import type { ApiCommand } from './fake-api-protocol.ts';

const api = new FakeRuntimeApi();
const port = await api.listen();
let notifyEach = false;
let notifyAt = -1;
let streams: StreamStats[] = [];

const send = (message: object): void => {
  process.send?.(message);
};

api.setListener({
  onResponse(count, at) {
    if (notifyEach || count === notifyAt) send({ ev: 'response', count, at: String(at) });
  },
  onStreamEnd(stats) {
    streams.push(stats);
  },
});

process.on('message', (message: ApiCommand) => {
  const { id } = message;
  switch (message.op) {
    case 'reset':
      api.reset();
      api.setSlowRate(0);
      notifyEach = false;
      notifyAt = -1;
      streams = [];
      send({ id });
      break;
    case 'event':
      api.setEvent(Buffer.from(message.json));
      send({ id });
      break;
    case 'slow':
      api.setSlowRate(message.bytesPerSecond);
      send({ id });
      break;
    case 'serve':
      notifyEach = message.notify === 'each';
      notifyAt = typeof message.notify === 'number' ? message.notify : -1;
      send({ id });
      api.serve(message.n === -1 ? Number.POSITIVE_INFINITY : message.n);
      break;
    case 'mark': {
      const cpu = process.cpuUsage();
      send({
        id,
        responses: api.responses,
        errors: api.errors,
        nextServed: api.nextServed,
        bodyBytes: api.bodyBytes,
        at: String(now()),
        cpuMicros: cpu.user + cpu.system,
      });
      break;
    }
    case 'streams':
      send({
        id,
        streams: streams.map((s) => ({
          bytes: s.bytes,
          headAt: String(s.headAt),
          firstByteAt: String(s.firstByteAt),
          eventAt: String(s.eventAt),
          endAt: String(s.endAt),
        })),
      });
      break;
    case 'exit':
      api.close();
      process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));
send({ ev: 'listening', port });
