// Builds dist/ for the Python 3.11 engine:
//   dist/bootstrap                  a /bin/sh + Python launcher (executable)
//   dist/lambda_engines_runtime.py  the runtime (standard library only)
//   dist/awslambda_streaming.py     helpers handlers import for streaming
//   dist/lambda_engines_trace_env.py  the trace id in constant memory (imported after 100 invokes)
//   dist/__pycache__/*.pyc          precompiled (unchecked-hash) when a Python 3.11 is on PATH,
//                                   so a cold start does not compile ~40 KB of source
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');
const dist = join(root, 'dist');
const modules = ['lambda_engines_runtime.py', 'awslambda_streaming.py', 'lambda_engines_trace_env.py'];

// /bin/sh runs the lines up to `exec`; Python reads them as a string literal.
// `''':'` is the no-op command `:` to sh and the start of a '''-string to Python.
const launcher = `#!/bin/sh
''':'
for py in python3.11 python3; do
  if command -v "$py" >/dev/null 2>&1; then exec "$py" "$0" "$@"; fi
done
echo "bootstrap: neither python3.11 nor python3 is on PATH ($PATH)" >&2
exit 127
'''
# lambda-engines Python 3.11 runtime launcher (AWS Lambda custom runtime bootstrap).
import os
import sys

_here = os.path.dirname(os.path.realpath(__file__))
if sys.path[:1] != [_here]:
    sys.path.insert(0, _here)

from lambda_engines_runtime import main

main()
`;

function findPython311() {
  for (const candidate of ['python3.11', 'python3']) {
    try {
      const version = execFileSync(candidate, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim();
      if (version === '3.11') return candidate;
    } catch {
      // not on PATH: try the next one
    }
  }
  return undefined;
}

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
writeFileSync(join(dist, 'bootstrap'), launcher);
chmodSync(join(dist, 'bootstrap'), 0o755);
for (const file of modules) copyFileSync(join(src, file), join(dist, file));

const python = findPython311();
if (python) {
  // unchecked-hash: the .pyc is used whatever the source's mtime becomes (COPY into an image, zip).
  execFileSync(
    python,
    ['-m', 'compileall', '-q', '--invalidation-mode', 'unchecked-hash', ...modules.map((m) => join(dist, m))],
    { stdio: 'inherit' },
  );
  process.stdout.write(`built dist/ (bootstrap, ${modules.join(', ')}; .pyc by ${python})\n`);
} else {
  process.stdout.write(`built dist/ (bootstrap, ${modules.join(', ')}; no Python 3.11 on PATH: no .pyc)\n`);
}
