#!/usr/bin/env bash
# Make a release of this checkout: the folder dist/wixsync-<version>/ and its tarball
# dist/wixsync-<version>.tar.gz, holding what deploy/install.sh installs on a VM without git:
#   wixsync-<version>-py3-none-any.whl   the wheel (built here; nothing is installed)
#   constraints.txt                      the pinned versions it is installed with
#   wixsync.example.toml, README.md, CHANGELOG.md
#   deploy/install.sh, deploy/wixsync.service
# On the VM: tar xzf wixsync-<version>.tar.gz && sudo bash wixsync-<version>/deploy/install.sh
set -euo pipefail
SRC="$(cd "$(dirname "$0")/.." && pwd)"
PYTHON="${WIXSYNC_PYTHON:-python3}"
version="$("$PYTHON" -c 'import sys, tomllib; print(tomllib.load(open(sys.argv[1], "rb"))["project"]["version"])' "$SRC/pyproject.toml")"
name="wixsync-$version"
out="$SRC/dist/$name"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
rm -rf "$out" "$SRC/dist/$name.tar.gz"
mkdir -p "$out/deploy"
if "$PYTHON" -m pip --version >/dev/null 2>&1; then  # pip wheel installs nothing here
  "$PYTHON" -m pip wheel --quiet --no-deps --wheel-dir "$out" "$SRC"
else  # a Python without pip (Debian's python3 without python3-pip)
  "$PYTHON" -m venv "$work/venv"
  "$work/venv/bin/pip" wheel --quiet --no-deps --wheel-dir "$out" "$SRC"
fi
cp "$SRC/constraints.txt" "$SRC/wixsync.example.toml" "$SRC/README.md" "$SRC/CHANGELOG.md" "$out/"
cp "$SRC/deploy/install.sh" "$SRC/deploy/wixsync.service" "$out/deploy/"
tar -C "$SRC/dist" -czf "$SRC/dist/$name.tar.gz" "$name"
printf 'made %s and %s\n' "dist/$name/" "dist/$name.tar.gz"
