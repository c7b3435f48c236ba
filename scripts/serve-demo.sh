#!/usr/bin/env bash
# Serve the demo: the background task worker (e-mails) beside the development server.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBUG=1
.venv/bin/rodtrad db_worker --queue-name '*' --interval 1 >var/worker.log 2>&1 &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT INT TERM
.venv/bin/rodtrad runserver 127.0.0.1:8000
