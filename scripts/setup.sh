#!/usr/bin/env bash
# Create the virtual environment with the locked dependencies and compile the translations.
# Idempotent and quick when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."
UV_VERSION=0.13.9
export UV_PYTHON_DOWNLOADS=never
python=$(scripts/find-python)
if [ ! -x .tools/bin/uv ] || [ "$(.tools/bin/uv --version 2>/dev/null | cut -d' ' -f2)" != "$UV_VERSION" ]; then
  echo "Installing uv $UV_VERSION into .tools/ (with $python)"
  "$python" -m venv --clear .tools
  .tools/bin/python -m pip install --quiet --disable-pip-version-check "uv==$UV_VERSION"
fi
.tools/bin/uv sync --frozen --python "$python" --quiet
if ! command -v msgfmt >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing gettext (msgfmt) for the translations"
    apt-get install -y --no-install-recommends gettext >/dev/null 2>&1 \
      || { apt-get update >/dev/null && apt-get install -y --no-install-recommends gettext >/dev/null; }
  else
    echo "The translations need msgfmt: install Debian's 'gettext' package (sudo apt-get install gettext)." >&2
    exit 1
  fi
fi
mkdir -p var
DEBUG=1 .venv/bin/rodtrad compilemessages --ignore=.venv --ignore=.tools --verbosity 0
