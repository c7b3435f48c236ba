#!/bin/sh
# Install what the throughput benchmark (bench/throughput.py) needs beyond the virtualenv: wrk.
# Installs with apt-get only when wrk is missing and we are root; otherwise says what to do.
set -eu

if command -v wrk >/dev/null 2>&1; then
    echo "wrk is installed: $(command -v wrk)"
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "wrk is missing; install it as root: apt-get install wrk" >&2
    exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "wrk is missing and apt-get is not available; install wrk with your package manager" >&2
    exit 1
fi
apt-get update -q
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends wrk
echo "wrk installed: $(command -v wrk)"
