#!/usr/bin/env bash
# Sourced (not run) by .ci/run and docker/test-images.sh: starts Docker, builds the stand-in bases for
# provided:al2023 and provided:al2 (no registry is reachable here), prepares a local Node tarball to
# exercise apps/node/Dockerfile.al2, and exports what the image builds read:
# LAMBDA_ENGINES_BASE_AL2023, LAMBDA_ENGINES_BASE_AL2, LAMBDA_ENGINES_NODE_AL2_{TARBALL,SHA256,VERSION}.
root="${root:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
docker_dir="$root/docker"
cache="${LAMBDA_ENGINES_CACHE:-/var/cache/lambda-engines}"
base_al2023="lambda-engines/standin:al2023"
base_al2="lambda-engines/standin:al2"

"$docker_dir/start-docker.sh"
"$docker_dir/build-standin-base.sh" "$base_al2023" al2023
"$docker_dir/build-standin-base.sh" "$base_al2" al2
export LAMBDA_ENGINES_BASE_AL2023="$base_al2023" LAMBDA_ENGINES_BASE_AL2="$base_al2"

arg_default() { sed -n "s/^ARG $2=\(.*\)$/\1/p" "$1" | head -n 1; }

# Node on provided:al2 needs a Node built for glibc 2.17 (Dockerfile.al2). None can be downloaded
# here, so CI exercises that path with a local tarball in the same layout, repackaged from the
# official build (which runs on the Debian stand-in, not on real AL2): see docker/README.md.
node_version="$(arg_default "$root/apps/node/Dockerfile" NODE_VERSION)"
node_pkg="node-linux-$([ "$(uname -m)" = aarch64 ] && echo arm64 || echo x64)"
if command -v xz >/dev/null; then compress=(xz -T0 -1); ext=xz; else compress=(gzip -1); ext=gz; fi
al2_tarball="$cache/$node_pkg-$node_version-as-al2-test.tar.$ext"
if [ ! -s "$al2_tarball" ]; then
  al2_work="$(mktemp -d /tmp/lambda-engines-al2.XXXXXX)"
  mkdir -p "$al2_work/node-v$node_version-linux" "$cache"
  (cd "$al2_work" && npm pack --silent "$node_pkg@$node_version" >/dev/null)
  tar -xzf "$al2_work"/*.tgz -C "$al2_work/node-v$node_version-linux" --strip-components=1 package/bin/node package/LICENSE
  tar -C "$al2_work" -cf - "node-v$node_version-linux" | "${compress[@]}" >"$al2_tarball.partial"
  mv "$al2_tarball.partial" "$al2_tarball"
  rm -rf "$al2_work"
fi
export LAMBDA_ENGINES_NODE_AL2_TARBALL="$al2_tarball"
LAMBDA_ENGINES_NODE_AL2_SHA256="$(sha256sum "$al2_tarball" | cut -d' ' -f1)"
export LAMBDA_ENGINES_NODE_AL2_SHA256 LAMBDA_ENGINES_NODE_AL2_VERSION="$node_version"

