#!/usr/bin/env bash
# The image smoke test. Starts Docker, builds the stand-in bases for provided:al2023 and provided:al2,
# builds every engine image on them (with each app's scripts/build-image.mjs), then runs the sample
# function in each image against a real Runtime API on 127.0.0.1 (docker run --network host), twice:
# as Lambda starts the image (ENTRYPOINT + CMD, its USER) and as packages/conformance's
# dockerLauncher does (--entrypoint /var/runtime/bootstrap, -v TASK_ROOT:/var/task:ro, -e NAME).
# Prints each image's size and the total time; the last line is "N passed, N failed".
#
# Uses each app's real dist/ when dist/bootstrap exists, else a placeholder bootstrap in a temp
# folder (docker/smoke/placeholder-bootstrap.mjs); LAMBDA_ENGINES_SMOKE_PLACEHOLDER=1 forces it.
# Images are tagged lambda-engines-smoke/<app>:<version>-<al2023|al2>, never the release names.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
docker_dir="$root/docker"
started=$SECONDS
cache="${LAMBDA_ENGINES_CACHE:-/var/cache/lambda-engines}"
base_al2023="lambda-engines/standin:al2023"
base_al2="lambda-engines/standin:al2"
work="$(mktemp -d /tmp/lambda-engines-smoke.XXXXXX)"
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
failures=()

# Docker, the stand-in bases and the Node-on-al2 test tarball: shared with .ci/run.
# shellcheck source=docker/image-env.sh
source "$docker_dir/image-env.sh"

# The Node runtime's putenv() addon (apps/node/native/trace-id-env.c), built on this machine, must load in
# the image (its glibc, its Node build) and set _X_AMZN_TRACE_ID for the process and its children.
check_trace_id_addon() {
  local image="$1" out
  local script='const m = { exports: {} };
process.dlopen(m, `/var/runtime/trace-id-env-linux-${process.arch}.node`);
m.exports.setTraceId("Root=1-smoke;Parent=1;Sampled=0");
const child = require("node:child_process").execFileSync("/bin/sh", ["-c", "printf %s \"$_X_AMZN_TRACE_ID\""], { encoding: "utf8" });
console.log(`${process.env._X_AMZN_TRACE_ID} ${child}`);'
  out="$(docker run --rm --network host --entrypoint node "$image" -e "$script" 2>&1 || true)"
  if [ "$out" = "Root=1-smoke;Parent=1;Sampled=0 Root=1-smoke;Parent=1;Sampled=0" ]; then
    passed=$((passed + 1))
    echo "ok   $image: the trace id addon loads and sets the variable for the process and a child"
  else
    failed=$((failed + 1)); failures+=("$image trace id addon")
    echo "FAIL $image: the trace id addon: $out"
  fi
}

# The final image: the sandbox user, and nothing of the builder stage (the tools named, apt lists, /tmp).
inspect_image() {
  local image="$1"; shift
  local user leftovers
  user="$(docker image inspect --format '{{.Config.User}}' "$image")"
  leftovers="$(docker run --rm --entrypoint /bin/sh "$image" -c \
    "for t in $*; do command -v \$t; done; ls /var/lib/apt/lists 2>/dev/null | grep -v -e '^partial\$' -e '^lock\$'; ls /tmp" || true)"
  if [ "$user" = "993:990" ] && [ -z "$leftovers" ]; then
    passed=$((passed + 1))
    echo "ok   $image: runs as $user, no build tools or package caches"
  else
    failed=$((failed + 1)); failures+=("$image contents")
    echo "FAIL $image: user '$user', leftovers: $(echo "$leftovers" | tr '\n' ' ')"
  fi
}

for app in node bun; do
  app_dir="$root/apps/$app"
  dist="$app_dir/dist"
  kind="real dist/"
  if [ "${LAMBDA_ENGINES_SMOKE_PLACEHOLDER:-}" = 1 ] || [ ! -x "$dist/bootstrap" ]; then
    dist="$work/$app-dist"
    kind="placeholder bootstrap"
    mkdir -p "$dist"
    { echo "#!/usr/bin/env $app"; cat "$docker_dir/smoke/placeholder-bootstrap.mjs"; } >"$dist/bootstrap"
    chmod 755 "$dist/bootstrap"
    echo '{ "type": "module" }' >"$dist/package.json"
    # The Node Dockerfiles prime the runtime's compile cache with this script.
    echo 'console.log("compile cache: not primed (placeholder bootstrap)")' >"$dist/prime-compile-cache.cjs"
  fi
  sample="$app_dir/sample"
  if [ ! -d "$sample" ]; then
    echo "test-images: apps/$app/sample/ is missing; using apps/node/sample/ (it reports the engine it runs on)"
    sample="$root/apps/node/sample"
  fi
  if [ "$app" = node ]; then expect="node v$node_version"; else expect="bun $(arg_default "$app_dir/Dockerfile" BUN_VERSION)"; fi
  echo "test-images: $app images with the $kind"
  version="$(node -p "require('$app_dir/package.json').version")"
  node "$app_dir/scripts/build-image.mjs" --dist "$dist" --sample "$sample" --repository "lambda-engines-smoke/$app"

  for variant in al2023 al2; do
    image="lambda-engines-smoke/$app:$version-$variant"
    if ! docker image inspect "$image" >/dev/null 2>&1; then
      failed=$((failed + 1)); failures+=("$image was not built"); continue
    fi
    modes="entrypoint launcher"
    # The real Node runtime must start from the compile cache its image build primed.
    if [ "$app" = node ] && [ "$kind" = "real dist/" ]; then modes="$modes compile-cache"; fi
    for mode in $modes; do
      if node "$docker_dir/smoke/invoke.mjs" "$image" "$expect" "$mode" "$sample"; then
        passed=$((passed + 1))
      else
        failed=$((failed + 1)); failures+=("$image [$mode]")
      fi
    done
    if [ "$app" = node ] && [ -e "$dist/trace-id-env-linux-$(node -p process.arch).node" ]; then
      check_trace_id_addon "$image"
    fi
    inspect_image "$image" curl wget xz npm
  done
done

# The Python images (built by apps/python311's pnpm build; its own suites run the function in them):
# the sandbox user, no compilers.
for image in $(docker image ls --format '{{.Repository}}:{{.Tag}}' 'lambda-engines/python311'); do
  inspect_image "$image" gcc cc make curl wget xz
done

echo
echo "test-images: image sizes (stand-in bases are $(( $(docker image inspect --format '{{.Size}}' "$base_al2023") / 1000000 )) MB)"
docker image ls --format '  {{.Repository}}:{{.Tag}}  {{.Size}}' 'lambda-engines-smoke/*'
docker image ls --format '  {{.Repository}}:{{.Tag}}  {{.Size}}' 'lambda-engines/python311'
for failure in "${failures[@]}"; do echo "  failed: $failure"; done
echo "test-images: took $((SECONDS - started)) s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
