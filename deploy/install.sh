#!/usr/bin/env bash
# Install wixsync as a service on a Debian/Ubuntu VM (run as root from a checkout):
#   sudo bash deploy/install.sh
# Then put the Google key in /etc/wixsync/service-account.json (owner wixsync, mode 0600), the Wix key in
# /etc/wixsync/wixsync.env (WIX_API_KEY=…), edit /etc/wixsync/wixsync.toml, and:
#   (README, "Running it on a small VM", shows how to run doctor as the service user)
#   sudo systemctl enable --now wixsync && journalctl -u wixsync -f
set -euo pipefail
cd "$(dirname "$0")/.."
id wixsync >/dev/null 2>&1 || useradd --system --home-dir /var/lib/wixsync --shell /usr/sbin/nologin wixsync
python3 -m venv /opt/wixsync/venv
/opt/wixsync/venv/bin/pip install --quiet .
install -d -m 0700 -o wixsync -g wixsync /etc/wixsync
if [ ! -e /etc/wixsync/wixsync.toml ]; then
  install -m 0600 -o wixsync -g wixsync wixsync.example.toml /etc/wixsync/wixsync.toml
  # the service may write only its state directory (ProtectSystem=strict)
  sed -i 's#^state = .*#state = "/var/lib/wixsync/state.sqlite3"#' /etc/wixsync/wixsync.toml
fi
[ -e /etc/wixsync/wixsync.env ] || install -m 0600 -o root -g root /dev/null /etc/wixsync/wixsync.env
install -m 0644 deploy/wixsync.service /etc/systemd/system/wixsync.service
systemctl daemon-reload
echo "installed: edit /etc/wixsync/wixsync.toml, then: systemctl enable --now wixsync"
