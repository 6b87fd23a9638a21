#!/usr/bin/env bash
# Builds a local stand-in for public.ecr.aws/lambda/provided:<al2023|al2> when that image cannot be
# pulled: a Debian bookworm minbase root file system with the provided images' layout, environment,
# working directory and entrypoint. It stands in for the layout, NOT for Amazon Linux (see README.md).
#
#   docker/build-standin-base.sh NAME:TAG [al2023|al2]
#
# Skips the build when NAME:TAG already exists (LAMBDA_ENGINES_STANDIN_REBUILD=1 forces it).
# The debootstrap result is cached as a tarball under $LAMBDA_ENGINES_CACHE (default
# /var/cache/lambda-engines), so a second base, or a rebuild, takes seconds. Needs root and Docker.
set -euo pipefail

usage() { echo "usage: $0 NAME:TAG [al2023|al2]" >&2; exit 2; }
[ $# -ge 1 ] && [ $# -le 2 ] || usage
tag="$1"
flavor="${2:-al2023}"
case "$flavor" in al2023 | al2) ;; *) usage ;; esac

suite="${LAMBDA_ENGINES_STANDIN_SUITE:-bookworm}"
mirror="${LAMBDA_ENGINES_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
cache_dir="${LAMBDA_ENGINES_CACHE:-/var/cache/lambda-engines}"
arch="$(dpkg --print-architecture)"
rootfs_tar="$cache_dir/debootstrap-$suite-minbase-$arch.tar"
started=$SECONDS

if [ "${LAMBDA_ENGINES_STANDIN_REBUILD:-}" != 1 ] && docker image inspect "$tag" >/dev/null 2>&1; then
  echo "build-standin-base: $tag already exists, skipped"
  exit 0
fi

mkdir -p "$cache_dir"
# One builder at a time per cache (two test runs may start together).
exec 9>"$cache_dir/.lock"
flock 9
if [ "${LAMBDA_ENGINES_STANDIN_REBUILD:-}" != 1 ] && docker image inspect "$tag" >/dev/null 2>&1; then
  echo "build-standin-base: $tag was built meanwhile, skipped"
  exit 0
fi

work="$(mktemp -d /tmp/lambda-standin.XXXXXX)"
trap 'rm -rf "$work"' EXIT
rootfs="$work/rootfs"
mkdir -p "$rootfs"

if [ ! -s "$rootfs_tar" ]; then
  command -v debootstrap >/dev/null || { echo "build-standin-base: debootstrap is missing (docker/start-docker.sh installs it)" >&2; exit 1; }
  echo "build-standin-base: debootstrap --variant=minbase $suite ($arch) from $mirror ..."
  debootstrap --variant=minbase --arch="$arch" "$suite" "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 || {
    tail -n 30 "$work/debootstrap.log" >&2
    exit 1
  }
  # Package caches and lists do not belong in a base image.
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/log/*.log
  tar -C "$rootfs" --numeric-owner -cf "$rootfs_tar.partial" .
  mv "$rootfs_tar.partial" "$rootfs_tar"
else
  tar -C "$rootfs" --numeric-owner -xf "$rootfs_tar"
fi

# The provided images' layout: empty runtime, task and layer folders, owned by root, world-readable.
mkdir -p "$rootfs/var/runtime" "$rootfs/var/task" "$rootfs/opt"
chmod 755 "$rootfs/var/runtime" "$rootfs/var/task" "$rootfs/opt"

# Like the real base's entrypoint: the first argument is the handler, then the runtime's bootstrap.
# The real one runs the Runtime Interface Emulator when AWS_LAMBDA_RUNTIME_API is unset; this one has none.
cat >"$rootfs/lambda-entrypoint.sh" <<'ENTRYPOINT'
#!/bin/sh
# Stand-in for the entrypoint of public.ecr.aws/lambda/provided (built by docker/build-standin-base.sh).
if [ $# -ne 1 ]; then
  echo "entrypoint requires the handler name to be the first argument" 1>&2
  exit 142
fi
export _HANDLER="$1"

RUNTIME_ENTRYPOINT=/var/runtime/bootstrap
if [ -z "${AWS_LAMBDA_RUNTIME_API}" ]; then
  if [ -x /usr/local/bin/aws-lambda-rie ]; then
    exec /usr/local/bin/aws-lambda-rie "$RUNTIME_ENTRYPOINT"
  fi
  echo "this stand-in base has no Runtime Interface Emulator: set AWS_LAMBDA_RUNTIME_API" 1>&2
  exit 142
fi
exec "$RUNTIME_ENTRYPOINT"
ENTRYPOINT
chmod 755 "$rootfs/lambda-entrypoint.sh"
printf 'stand-in for public.ecr.aws/lambda/provided:%s\nroot file system: Debian %s minbase (%s)\n' \
  "$flavor" "$suite" "$arch" >"$rootfs/etc/lambda-standin"

tar -C "$rootfs" --numeric-owner -c . | docker import \
  -c 'ENV LANG=en_US.UTF-8 TZ=:/etc/localtime' \
  -c 'ENV PATH=/var/lang/bin:/usr/local/bin:/usr/bin/:/bin:/opt/bin' \
  -c 'ENV LD_LIBRARY_PATH=/var/lang/lib:/lib64:/usr/lib64:/var/runtime:/var/runtime/lib:/var/task:/var/task/lib:/opt/lib' \
  -c 'ENV LAMBDA_TASK_ROOT=/var/task LAMBDA_RUNTIME_DIR=/var/runtime' \
  -c 'WORKDIR /var/task' \
  -c 'ENTRYPOINT ["/lambda-entrypoint.sh"]' \
  -m "lambda-engines stand-in for provided:$flavor (Debian $suite minbase)" \
  - "$tag" >/dev/null

size="$(docker image inspect --format '{{.Size}}' "$tag")"
echo "build-standin-base: built $tag (stand-in for provided:$flavor, Debian $suite minbase, $((size / 1000000)) MB) in $((SECONDS - started))s"
