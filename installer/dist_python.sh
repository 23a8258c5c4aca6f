#!/usr/bin/env bash
# Print the Python that builds the bundle: 3.12 or newer (PySide6 6.12.0 breaks refcounts on 3.11) and built
# with --enable-shared (PyInstaller bundles libpython). $DIST_PYTHON wins when set; then python3.12 and
# python3.13 on PATH; then pyenv's installed 3.12+, the oldest minor first (the one the lock was made for). Exits 1, saying so, when there is none.
set -euo pipefail

usable() {
  "$1" -c 'import sys, sysconfig; sys.exit(not (sys.version_info >= (3, 12) and sysconfig.get_config_var("Py_ENABLE_SHARED")))' \
    >/dev/null 2>&1
}

candidates=()
[ -n "${DIST_PYTHON:-}" ] && candidates+=("$DIST_PYTHON")
candidates+=(python3.12 python3.13)
pyenv_root="${PYENV_ROOT:-$HOME/.pyenv}"
if [ -d "$pyenv_root/versions" ]; then
  while IFS= read -r version; do
    candidates+=("$pyenv_root/versions/$version/bin/python3")
  done < <(ls "$pyenv_root/versions" | grep -E '^3\.(1[2-9])\.[0-9]+$' | sort -t. -k1,1n -k2,2n -k3,3nr)
fi

for python in "${candidates[@]}"; do
  if usable "$python"; then
    command -v "$python" 2>/dev/null || echo "$python"
    exit 0
  fi
done
echo "No Python 3.12+ built with --enable-shared found (tried: ${candidates[*]}); set DIST_PYTHON=/path/to/python3.12" >&2
exit 1
