// `--only`: which targets a filter keeps (engine families or ids; the floors of kept engines stay).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Discovery, type Engine, type Role, selectTargets, type Target } from '../src/targets.ts';

const target = (id: string, engine: Engine, role: Role): Target => ({
  id,
  engine,
  role,
  label: id,
  handlers: new Set(['echo']),
  command: () => ({ file: 'true', args: [] }),
});

const discovery: Discovery = {
  targets: [
    target('node-app', 'node', 'app'),
    target('node-floor', 'node', 'floor'),
    target('node-ric', 'node', 'peer'),
    target('node24-app', 'node24', 'app'),
    target('node24-floor', 'node24', 'floor'),
    target('bun-app', 'bun', 'app'),
    target('bun-floor', 'bun', 'floor'),
    target('bun-fetch', 'bun', 'peer'),
  ],
  bare: (['node', 'node24', 'bun'] as const).map((engine) => ({
    engine,
    label: `${engine} -e 0`,
    command: { file: 'true', args: [] },
  })),
  notes: [],
  versions: {},
};

test('engine families keep their targets and bare engine', () => {
  const picked = selectTargets(discovery, ['node', 'node24']);
  assert.deepEqual(
    picked.targets.map((t) => t.id),
    ['node-app', 'node-floor', 'node-ric', 'node24-app', 'node24-floor'],
  );
  assert.deepEqual(
    picked.bare.map((b) => b.engine),
    ['node', 'node24'],
  );
  assert.match(picked.notes.at(-1) ?? '', /--only node,node24/);
});

test('a target id keeps that target and its engine floor', () => {
  const picked = selectTargets(discovery, ['bun-fetch']);
  assert.deepEqual(
    picked.targets.map((t) => t.id),
    ['bun-floor', 'bun-fetch'],
  );
});

test('an unknown name is an error that lists the known ones', () => {
  assert.throws(() => selectTargets(discovery, ['deno']), /unknown deno \(known: node, node24, bun, python/);
});
