#!/usr/bin/env bash
# Install wixsync as a service on a Debian/Ubuntu VM, as root, from a checkout of the
# repository or from an unpacked release (README, "Running it on a small VM"):
#   sudo bash deploy/install.sh
# Then put the Google key in place (root:wixsync 0640; running this script again fixes that too):
#   sudo install -m 0640 -o root -g wixsync service-account.json /etc/wixsync/service-account.json
# put the Wix key in /etc/wixsync/wixsync.env (WIX_API_KEY=…), edit /etc/wixsync/wixsync.toml, and:
#   (README, "Running it on a small VM", shows how to run doctor as the service user)
#   sudo systemctl enable --now wixsync && journalctl -u wixsync -f
#
# It checks first, and changes nothing when a check fails (exit 1, one line saying what to do):
# * Python 3.11 or newer (python3, or the interpreter named by WIXSYNC_PYTHON);
# * that it can make a virtual environment (Debian and Ubuntu ship that part apart:
#   python3-venv);
# * where it was started from: a checkout (pyproject.toml and sync/ beside deploy/) is
#   installed from its source; an unpacked release (wixsync-<version>-py3-none-any.whl beside
#   deploy/, made by deploy/make-release.sh) from its wheel. Either way with exactly the
#   versions in constraints.txt (see the README on updating it).
#
# Files: the config and the key are root:wixsync 0640 in /etc/wixsync (root:wixsync 0750),
# so the service can read them and cannot change them; the environment file with the Wix
# key is root:root 0600 (systemd reads it before it drops to the wixsync user).
#
# WIXSYNC_ROOT=/some/folder installs under that folder instead of / (tests, packagers): no
# user is made, no owner is changed, systemd is not told; the modes are the same.
set -euo pipefail

say() { printf '%s\n' "$*"; }
fail() { printf 'install.sh: %s\n' "$1" >&2; [ $# -lt 2 ] || printf '  %s\n' "$2" >&2; exit 1; }

SRC="$(cd "$(dirname "$0")/.." && pwd)"
ROOT="${WIXSYNC_ROOT:-}"
ROOT="${ROOT%/}"
PYTHON="${WIXSYNC_PYTHON:-python3}"

# -- checks: nothing is changed before they all pass -----------------------------------------
if [ -z "$ROOT" ] && [ "$(id -u)" -ne 0 ]; then
  fail "run it as root, so it can make the wixsync user and the service:" "sudo bash $0"
fi
command -v "$PYTHON" >/dev/null 2>&1 ||
  fail "$PYTHON not found: wixsync needs Python 3.11 or newer." "sudo apt install python3 python3-venv"
version="$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)" ||
  fail "$PYTHON does not run." "sudo apt install --reinstall python3"
major="${version%%.*}"
minor="${version#*.}"
if [ "$major" -lt 3 ] || { [ "$major" -eq 3 ] && [ "$minor" -lt 11 ]; }; then
  fail "wixsync needs Python 3.11 or newer; $PYTHON is Python $version." \
    "Debian 12 and Ubuntu 24.04 have it; elsewhere install python3.11 and python3.11-venv, then: sudo WIXSYNC_PYTHON=python3.11 bash $0"
fi
"$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1 ||
  fail "Python $version cannot make a virtual environment here (the venv module is not installed)." \
    "sudo apt install python3-venv    (or python$version-venv), then run this again"
for needed in constraints.txt wixsync.example.toml deploy/wixsync.service; do
  [ -f "$SRC/$needed" ] || fail "$SRC/$needed is missing: run the install.sh of a whole checkout or release."
done
shopt -s nullglob
wheels=("$SRC"/wixsync-*-py3-none-any.whl)
shopt -u nullglob
if [ "${#wheels[@]}" -gt 1 ]; then
  fail "$SRC holds more than one wixsync wheel: keep the one to install."
elif [ "${#wheels[@]}" -eq 1 ]; then
  from="${wheels[0]}"
  say "installing the release ${from##*/}"
elif [ -f "$SRC/pyproject.toml" ] && [ -f "$SRC/sync/__init__.py" ]; then
  from="$SRC"
  say "installing the checkout $SRC"
else
  fail "run it from a wixsync checkout or an unpacked release: $SRC holds neither pyproject.toml with sync/ nor a wixsync-*.whl."
fi

# -- install ----------------------------------------------------------------------------------
owned() { [ -z "$ROOT" ]; }  # ownership (and the user, and systemd) only on the real system
if owned; then
  id wixsync >/dev/null 2>&1 || useradd --system --home-dir /var/lib/wixsync --shell /usr/sbin/nologin wixsync
fi
venv="$ROOT/opt/wixsync/venv"
mkdir -p "$ROOT/opt/wixsync"
"$PYTHON" -m venv "$venv" || fail "could not make the virtual environment $venv." \
  "sudo apt install python3-venv    (or python$version-venv), then run this again"
"$venv/bin/pip" install --quiet --constraint "$SRC/constraints.txt" "$from"
etc="$ROOT/etc/wixsync"
if owned; then
  install -d -m 0750 -o root -g wixsync "$etc"
else
  install -d -m 0750 "$etc"
fi
if [ ! -e "$etc/wixsync.toml" ]; then
  install -m 0640 "$SRC/wixsync.example.toml" "$etc/wixsync.toml"
  # the service may write only its state directory (ProtectSystem=strict)
  sed -i 's#^state = .*#state = "/var/lib/wixsync/state.sqlite3"#' "$etc/wixsync.toml"
fi
# an earlier install left these owned by wixsync (0600): the service could rewrite them
for secret in "$etc/wixsync.toml" "$etc/service-account.json"; do
  if [ -f "$secret" ] && [ ! -L "$secret" ]; then
    if owned; then chown root:wixsync "$secret"; fi
    chmod 0640 "$secret"
  fi
done
[ -e "$etc/wixsync.env" ] || install -m 0600 /dev/null "$etc/wixsync.env"
if [ ! -L "$etc/wixsync.env" ]; then
  if owned; then chown root:root "$etc/wixsync.env"; fi
  chmod 0600 "$etc/wixsync.env"
fi
mkdir -p "$ROOT/etc/systemd/system"
install -m 0644 "$SRC/deploy/wixsync.service" "$ROOT/etc/systemd/system/wixsync.service"
if owned; then systemctl daemon-reload; fi
say "installed $("$venv/bin/wixsync" --version): edit $etc/wixsync.toml, then: systemctl enable --now wixsync"
