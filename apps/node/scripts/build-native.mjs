// Builds dist/trace-id-env-<platform>-<arch>.node from native/trace-id-env.c: the Node-API addon that sets
// _X_AMZN_TRACE_ID through two reused putenv() buffers instead of setenv(), which keeps every trace id
// (~150 bytes per invocation; see the C file). The runtime loads it after 100 invocations and keeps
// `process.env` assignments when it is missing, so a machine without a C compiler still builds a
// working runtime: this prints why and what to install, and exits 0. A compiler that fails is an error.
//
// Env: CC (default cc). The addon uses only putenv/malloc/free (GLIBC_2.2.5), so one built on this
// machine also loads on provided:al2 (glibc 2.26) and in the Node build for glibc 2.17.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const source = 'native/trace-id-env.c';
const output = `dist/trace-id-env-${process.platform}-${process.arch}.node`;
const cc = process.env.CC || 'cc';
const { include_dir: includeDir } = createRequire(import.meta.url)('node-api-headers');

// macOS resolves Node-API symbols when Node loads the addon, as Linux does by default.
const lazySymbols = process.platform === 'darwin' ? ['-undefined', 'dynamic_lookup'] : [];
const args = ['-O2', '-shared', '-fPIC', '-fvisibility=hidden', '-Wall', '-Werror', `-I${includeDir}`];
const result = spawnSync(cc, [...args, ...lazySymbols, '-o', output, source], {
  cwd: appDir,
  stdio: ['ignore', 'inherit', 'inherit'],
});
if (result.error?.code === 'ENOENT') {
  console.warn(
    `build-native: no C compiler (${cc}): ${output} not built. The runtime still works, setting ` +
      '_X_AMZN_TRACE_ID with process.env, which grows memory by ~150 bytes per invocation. ' +
      'Install one (Debian: apt-get install gcc libc6-dev) and run pnpm build again.',
  );
} else if (result.error || result.status !== 0) {
  console.error(
    `build-native: ${cc} failed to build ${output} from ${source}: ${result.error ?? `exit ${result.status}`}`,
  );
  process.exit(1);
} else {
  console.log(`build-native: ${output}`);
}
