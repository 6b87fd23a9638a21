import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

// patchConsole replaces the global console, so each case runs in a child process of its own.
const script = fileURLToPath(new URL('./fixtures/log-lines.ts', import.meta.url));

function logLines(env: Record<string, string>): string[] {
  const child = spawnSync(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  assert.equal(child.status, 0, child.stderr);
  return child.stdout.split('\n').filter(Boolean);
}

test('text format: time, request id, level, message; newlines become \\r', () => {
  const lines = logLines({});
  const [time, requestId, level, message] = lines.find((l) => l.includes('multi'))!.split('\t');
  assert.match(time!, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  assert.equal(requestId, 'req-1');
  assert.equal(level, 'INFO');
  assert.equal(message, 'multi\rline');
  assert.ok(lines.some((l) => l.endsWith('\tWARN\twarned 3')));
});

test('JSON format: one object per line, errors expanded', () => {
  const records = logLines({ AWS_LAMBDA_LOG_FORMAT: 'json' }).map((l) => JSON.parse(l));
  const warn = records.find((r) => r.level === 'WARN');
  assert.deepEqual(Object.keys(warn), ['timestamp', 'level', 'requestId', 'message']);
  assert.equal(warn.message, 'warned 3');
  const error = records.find((r) => r.level === 'ERROR');
  assert.equal(error.message.errorType, 'TypeError');
  assert.equal(error.message.errorMessage, 'bad');
  assert.ok(Array.isArray(error.message.stackTrace));
});

test('AWS_LAMBDA_LOG_LEVEL filters lower levels', () => {
  const levels = logLines({ AWS_LAMBDA_LOG_FORMAT: 'JSON', AWS_LAMBDA_LOG_LEVEL: 'error' }).map(
    (l) => JSON.parse(l).level,
  );
  assert.deepEqual([...new Set(levels)].sort(), ['ERROR', 'FATAL']);
});

test('_LAMBDA_TELEMETRY_LOG_FD gets framed records instead of stdout', () => {
  const child = spawnSync('sh', ['-c', `"${process.execPath}" --import tsx "${script}" 3>&1 1>/dev/null`], {
    env: { ...process.env, _LAMBDA_TELEMETRY_LOG_FD: '3' },
  });
  assert.equal(child.status, 0, String(child.stderr));
  const frames = child.stdout as Buffer;
  // The frame type is 0xa55a0003 with the level's bits OR-ed into the low five bits.
  assert.equal(frames.readUInt32BE(0) >>> 5, 0xa55a0003 >>> 5);
  const length = frames.readInt32BE(4);
  const text = frames.subarray(16, 16 + length).toString('utf8');
  assert.match(text, /\treq-1\t/);
});
