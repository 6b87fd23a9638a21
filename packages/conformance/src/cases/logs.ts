import assert from 'node:assert/strict';
import type { ConformanceCase } from '../case-types.ts';
import { invocationError, stdoutLines } from '../expect.ts';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export const logCases: ConformanceCase[] = [
  {
    name: 'text logs: time, request id, level, message; newlines folded',
    js: { fixture: 'js/handlers', handler: 'logging.handler' },
    python: { fixture: 'python/handlers', handler: 'logging_fn.handler' },
    events: [{ event: {} }],
    check: (r, engine) => {
      const id = r.invocations[0]!.requestId;
      const lines = stdoutLines(r).filter((l) => l.includes(id));
      if (engine === 'python') {
        // awslambdaric: [LEVEL]\t<time>\t<requestId>\t<message>
        const info = lines.find((l) => l.endsWith('info line'));
        assert.ok(info, `an info line:\n${r.stdout}`);
        const [level, time, requestId] = info.split('\t');
        assert.equal(level, '[INFO]');
        assert.match(time!, /^\d{4}-\d{2}-\d{2}T/);
        assert.equal(requestId, id);
        return;
      }
      const byMessage = (m: string) => lines.find((l) => l.split('\t')[3] === m);
      for (const [message, level] of [
        ['info line', 'INFO'],
        ['log line 42', 'INFO'],
        ['warn line', 'WARN'],
        ['error line', 'ERROR'],
        ['debug line', 'DEBUG'],
        ['multi\rline', 'INFO'],
      ] as const) {
        const line = byMessage(message);
        assert.ok(line, `a line for ${message}:\n${r.stdout}`);
        const [time, requestId, lineLevel] = line.split('\t');
        assert.match(time!, ISO);
        assert.equal(requestId, id);
        assert.equal(lineLevel, level);
      }
    },
  },
  {
    name: 'AWS_LAMBDA_LOG_FORMAT=JSON: one JSON object per line',
    js: { fixture: 'js/handlers', handler: 'logging.handler' },
    python: { fixture: 'python/handlers', handler: 'logging_fn.handler' },
    env: { AWS_LAMBDA_LOG_FORMAT: 'JSON' },
    events: [{ event: {} }],
    check: (r, engine) => {
      const id = r.invocations[0]!.requestId;
      const records = stdoutLines(r)
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .filter((x) => x.requestId === id);
      const info = records.find((x) => x.message === 'info line');
      assert.ok(info, `a JSON info record:\n${r.stdout}`);
      assert.equal(info.level, 'INFO');
      assert.match(String(info.timestamp), /^\d{4}-\d{2}-\d{2}T/);
      assert.ok(records.some((x) => x.level === 'ERROR' && x.message === 'error line'));
      // awslambdaric's JSON formatter uses Python's level names: WARNING, not WARN.
      const warn = engine === 'python' ? 'WARNING' : 'WARN';
      assert.ok(records.some((x) => x.level === warn && x.message === 'warn line'));
    },
  },
  {
    name: 'AWS_LAMBDA_LOG_LEVEL=WARN drops lower levels',
    js: { fixture: 'js/handlers', handler: 'logging.handler' },
    python: { fixture: 'python/handlers', handler: 'logging_fn.handler' },
    env: { AWS_LAMBDA_LOG_FORMAT: 'JSON', AWS_LAMBDA_LOG_LEVEL: 'WARN' },
    events: [{ event: {} }],
    check: (r, engine) => {
      const records = stdoutLines(r)
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      const levels = new Set(records.map((x) => x.level));
      // awslambdaric's JSON formatter uses Python's level names: WARNING, not WARN.
      const warn = engine === 'python' ? 'WARNING' : 'WARN';
      assert.ok(levels.has(warn) && levels.has('ERROR'), `warn and error kept:\n${r.stdout}`);
      for (const dropped of ['INFO', 'DEBUG', 'TRACE']) assert.ok(!levels.has(dropped), `${dropped} dropped`);
    },
  },
  {
    name: 'an invocation error is logged as "Invoke Error" with the request id',
    js: { fixture: 'js/handlers', handler: 'errors.throwsError' },
    python: { fixture: 'python/handlers', handler: 'errors.throws_error' },
    events: [{ event: {} }],
    check: (r, engine) => {
      const id = r.invocations[0]!.requestId;
      if (engine === 'python') {
        // awslambdaric logs `[ERROR] <type>: <message>` and the traceback as one record whose lines
        // are joined by \r; its text form has no request id (the /error body carries it).
        const record = stdoutLines(r).find((l) => l.startsWith('[ERROR] Exception: something broke\r'));
        assert.ok(record, `an [ERROR] record:\n${r.stdout}`);
        assert.match(record, /\rTraceback \(most recent call last\):\r/);
        assert.equal(invocationError(r, engine, { errorType: 'Exception' }).requestId, id);
        return;
      }
      const line = stdoutLines(r).find((l) => l.includes('Invoke Error'));
      assert.ok(line, `an Invoke Error line:\n${r.stdout}`);
      assert.ok(line.includes(id));
      assert.ok(line.includes('"errorMessage":"something broke"'));
    },
  },
];
