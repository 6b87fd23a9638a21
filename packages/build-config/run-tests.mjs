#!/usr/bin/env node
// `pnpm test`: every package's tests through turbo (one at a time: the conformance suites time real
// processes), then one plain summary line added up from the node:test and unittest summaries.
import { spawn } from 'node:child_process';

const args = ['turbo', 'run', 'test', '--concurrency=1', '--output-logs=full', ...process.argv.slice(2)];
const child = spawn('pnpm', ['exec', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
let passed = 0;
let failed = 0;
let skipped = 0;
let pending = '';

function scan(text) {
  pending += text;
  const lines = pending.split('\n');
  pending = lines.pop() ?? '';
  for (const line of lines) count(line);
}

function count(line) {
  // TAP ("# pass 12") and spec ("ℹ pass 12") summaries, with or without turbo's "pkg:test: " prefix.
  const match = /(?:#|ℹ) (pass|fail|skipped) (\d+)\s*$/.exec(line);
  if (!match) return;
  const n = Number(match[2]);
  if (match[1] === 'pass') passed += n;
  else if (match[1] === 'fail') failed += n;
  else skipped += n;
}

child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  scan(chunk.toString('utf8'));
});
child.stderr.on('data', (chunk) => process.stderr.write(chunk));
child.on('close', (code) => {
  if (pending) count(pending);
  const exitCode = code === 0 && failed === 0 && passed > 0 ? 0 : 1;
  if (passed === 0) console.log('no test ran: that is a failure');
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  process.exit(exitCode);
});
