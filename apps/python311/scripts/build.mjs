// Builds dist/: `bootstrap` (a /bin/sh + Python polyglot, executable) and the
// helper modules handlers may import from the runtime directory.
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');
const dist = join(root, 'dist');

// /bin/sh runs the lines up to `exec`; Python reads them as a string literal.
// `''':'` is the no-op command `:` to sh and the start of a '''-string to Python.
const header = `#!/bin/sh
''':'
for py in python3.11 python3; do
  if command -v "$py" >/dev/null 2>&1; then exec "$py" "$0" "$@"; fi
done
echo "bootstrap: neither python3.11 nor python3 is on PATH ($PATH)" >&2
exit 127
'''
`;

const body = readFileSync(join(src, 'bootstrap.py'), 'utf8');
if (body.includes("'''")) throw new Error("src/bootstrap.py must not contain ''' (it would end the sh header string)");

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
writeFileSync(join(dist, 'bootstrap'), header + body);
chmodSync(join(dist, 'bootstrap'), 0o755);
copyFileSync(join(src, 'awslambda_streaming.py'), join(dist, 'awslambda_streaming.py'));
process.stdout.write('built dist/bootstrap and dist/awslambda_streaming.py\n');
