import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { afterEach, test } from 'node:test';
import { TraceIdEnv } from '../src/trace-id-env.ts';

afterEach(() => {
  delete process.env._X_AMZN_TRACE_ID;
});

const id = (n: number) => `Root=1-6747a000-${String(n).padStart(24, '0')};Parent=53995c3f42cd8ad8;Sampled=1`;

test('without a loader every write is a process.env assignment, and no trace id deletes the variable', () => {
  const env = new TraceIdEnv();
  env.write(id(1));
  assert.equal(process.env._X_AMZN_TRACE_ID, id(1));
  assert.equal(execFileSync('/bin/sh', ['-c', 'printf %s "$_X_AMZN_TRACE_ID"'], { encoding: 'utf8' }), id(1));
  env.write(undefined);
  assert.equal('_X_AMZN_TRACE_ID' in process.env, false);
  env.write('');
  assert.equal('_X_AMZN_TRACE_ID' in process.env, false);
});

test('the loader is called once, after the given number of writes, and its setter takes over', () => {
  const set: string[] = [];
  let loads = 0;
  const env = new TraceIdEnv(() => {
    loads++;
    return (traceId) => set.push(traceId);
  }, 3);
  for (const n of [1, 2]) env.write(id(n));
  assert.equal(loads, 0);
  env.write(id(3));
  assert.equal(loads, 1, 'loaded at the third write');
  assert.equal(process.env._X_AMZN_TRACE_ID, id(3), 'the third write itself went to process.env');
  env.write(id(4));
  env.write(undefined);
  env.write(id(5));
  assert.deepEqual(set, [id(4), id(5)]);
  assert.equal(loads, 1);
  assert.equal('_X_AMZN_TRACE_ID' in process.env, false, 'deleting stays a process.env delete');
});

test('a loader that finds nothing leaves process.env assignments in place, silently', () => {
  let loads = 0;
  const env = new TraceIdEnv(() => {
    loads++;
    return undefined;
  }, 1);
  for (const n of [1, 2, 3]) env.write(id(n));
  assert.equal(loads, 1);
  assert.equal(process.env._X_AMZN_TRACE_ID, id(3));
});

test('a loader that throws is reported once on stderr, and process.env assignments go on', () => {
  const written: string[] = [];
  const write = process.stderr.write;
  process.stderr.write = ((chunk: string) => written.push(String(chunk)) > 0) as typeof process.stderr.write;
  try {
    const env = new TraceIdEnv(() => {
      throw new Error('invalid ELF header');
    }, 1);
    for (const n of [1, 2, 3]) env.write(id(n));
  } finally {
    process.stderr.write = write;
  }
  assert.equal(process.env._X_AMZN_TRACE_ID, id(3));
  assert.equal(written.length, 1);
  assert.match(
    written[0]!,
    /^lambda-engines: _X_AMZN_TRACE_ID stays a process\.env assignment .*invalid ELF header\n$/,
  );
});
