#!/usr/bin/env bash
# Makes a Docker engine answer on this machine, idempotently:
#   - installs docker.io and debootstrap from Debian with apt-get when they are missing,
#   - starts dockerd in the background when no daemon answers (log: /tmp/lambda-engines-dockerd.log),
#   - waits (bounded) until `docker info` works, then prints one line.
# Needs root on Debian 12 (bookworm). Safe to run any number of times.
set -euo pipefail

log_file="${LAMBDA_ENGINES_DOCKERD_LOG:-/tmp/lambda-engines-dockerd.log}"
wait_seconds="${LAMBDA_ENGINES_DOCKERD_WAIT:-60}"

daemon_answers() { docker info >/dev/null 2>&1; }

if ! command -v docker >/dev/null 2>&1 || ! command -v dockerd >/dev/null 2>&1 \
  || ! command -v debootstrap >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ]; then
    echo "start-docker: docker.io/debootstrap are missing and this is not root; install them first" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends docker.io debootstrap >/dev/null
fi

started=""
if ! daemon_answers; then
  if [ "$(id -u)" != 0 ]; then
    echo "start-docker: no Docker daemon answers and this is not root: cannot start dockerd" >&2
    exit 1
  fi
  # A stale pid file from a daemon that is gone would stop a new one from starting.
  if [ -f /var/run/docker.pid ] && ! kill -0 "$(cat /var/run/docker.pid)" 2>/dev/null; then
    rm -f /var/run/docker.pid
  fi
  if ! pgrep -x dockerd >/dev/null 2>&1; then
    nohup dockerd >>"$log_file" 2>&1 </dev/null &
    started=" (started dockerd, pid $!, log $log_file)"
  fi
  deadline=$((SECONDS + wait_seconds))
  until daemon_answers; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "start-docker: Docker did not answer within ${wait_seconds}s; last lines of $log_file:" >&2
      tail -n 20 "$log_file" >&2 || true
      exit 1
    fi
    sleep 0.5
  done
fi

echo "start-docker: Docker $(docker version --format '{{.Server.Version}}' 2>/dev/null) is ready${started}"
