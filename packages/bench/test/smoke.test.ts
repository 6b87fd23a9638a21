// The suite itself, with tiny counts (--smoke): every measurement path runs once against the real
// apps, peers and floors, and the table, JSON and SVG come out well-formed.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));

test('pnpm bench --smoke produces the table, JSON and SVG', { timeout: 120_000 }, async () => {
  const out = mkdtempSync(join(tmpdir(), 'bench-smoke-'));
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', cli, '--smoke', '--out', out], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    assert.equal(code, 0, `bench failed:\n${stderr.slice(-3000)}`);
    assert.match(stdout, /\| section \| row \| value \| baseline \(same run\) \| ratio \| goal \| met \|/);

    const json = JSON.parse(readFileSync(join(out, 'latest.json'), 'utf8'));
    assert.deepEqual(json.failures, []);
    const sections = new Set(json.rows.map((r: { section: string }) => r.section));
    for (const s of [
      'Fake Runtime API',
      'Warm loop (no-op handler)',
      'Cold start (spawn to first response)',
      'Memory (RSS)',
      'Streaming',
      'Payload 1 MB (buffered)',
      'Payload 5.9 MB (buffered)',
    ]) {
      assert.ok(sections.has(s), `missing section ${s}`);
    }
    for (const row of json.rows) {
      assert.ok(
        row.ratio === null || Number.isFinite(row.ratio),
        `${row.section} ${row.label}: ${row.ratio}`,
      );
    }
    assert.ok(json.targets.length >= 4, 'the issue targets are evaluated');
    // Every discovered runtime ran the warm loop, and the Node app and floor every phase.
    for (const id of ['node-app', 'node-floor']) {
      assert.ok(json.raw.warm[id]?.length > 0, `warm ${id}`);
      assert.ok(json.raw.cold[id]?.length > 0, `cold ${id}`);
      assert.ok(json.raw.memory[id], `memory ${id}`);
      assert.ok(json.raw.firstByte[id]?.length > 0, `first byte ${id}`);
      assert.ok(json.raw.throughput[id], `throughput ${id}`);
      assert.ok(json.raw.slow[id], `slow reader ${id}`);
      assert.ok(json.raw.payload['5.9 MB'][id], `payload ${id}`);
    }

    // Node 24 (when `pnpm bench:peers` installed it) gets the same rows and goals as Node 20.
    if (json.versions.node24 !== undefined) {
      for (const id of ['node24-app', 'node24-floor']) {
        assert.ok(json.raw.warm[id]?.length > 0, `warm ${id}`);
        assert.ok(json.raw.cold[id]?.length > 0, `cold ${id}`);
      }
      assert.ok(json.raw.bare.node24?.length > 0, 'bare node24');
      const goals = json.targets.filter((t: { row: string }) => t.row.includes('ours, Node 24'));
      assert.ok(goals.length >= 4, 'the Node 24 goals are evaluated');
    }

    const svg = readFileSync(join(out, 'latest.svg'), 'utf8');
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.match(svg, /<\/svg>\n$/);
    assert.ok((svg.match(/<rect /g) ?? []).length > 10, 'bars drawn');
    assert.match(
      readFileSync(join(out, 'latest.md'), 'utf8'),
      /\| Warm loop \(no-op handler\) \| ours, Node \|/,
    );
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
