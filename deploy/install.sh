#!/usr/bin/env bash
# Install wixsync as a service on a Debian/Ubuntu VM (run as root from a checkout):
#   sudo bash deploy/install.sh
# Then put the Google key in place (root:wixsync 0640; running this script again fixes that too):
#   sudo install -m 0640 -o root -g wixsync service-account.json /etc/wixsync/service-account.json
# put the Wix key in /etc/wixsync/wixsync.env (WIX_API_KEY=…), edit /etc/wixsync/wixsync.toml, and:
#   (README, "Running it on a small VM", shows how to run doctor as the service user)
#   sudo systemctl enable --now wixsync && journalctl -u wixsync -f
#
# Files: the config and the key are root:wixsync 0640 in /etc/wixsync (root:wixsync 0750),
# so the service can read them and cannot change them; the environment file with the Wix
# key is root:root 0600 (systemd reads it before it drops to the wixsync user).
# Dependencies: exactly the versions in constraints.txt (see the README on updating it).
set -euo pipefail
cd "$(dirname "$0")/.."
id wixsync >/dev/null 2>&1 || useradd --system --home-dir /var/lib/wixsync --shell /usr/sbin/nologin wixsync
python3 -m venv /opt/wixsync/venv
/opt/wixsync/venv/bin/pip install --quiet --constraint constraints.txt .
install -d -m 0750 -o root -g wixsync /etc/wixsync
if [ ! -e /etc/wixsync/wixsync.toml ]; then
  install -m 0640 -o root -g wixsync wixsync.example.toml /etc/wixsync/wixsync.toml
  # the service may write only its state directory (ProtectSystem=strict)
  sed -i 's#^state = .*#state = "/var/lib/wixsync/state.sqlite3"#' /etc/wixsync/wixsync.toml
fi
# an earlier install left these owned by wixsync (0600): the service could rewrite them
for secret in /etc/wixsync/wixsync.toml /etc/wixsync/service-account.json; do
  if [ -f "$secret" ] && [ ! -L "$secret" ]; then
    chown root:wixsync "$secret"
    chmod 0640 "$secret"
  fi
done
[ -e /etc/wixsync/wixsync.env ] || install -m 0600 -o root -g root /dev/null /etc/wixsync/wixsync.env
if [ ! -L /etc/wixsync/wixsync.env ]; then
  chown root:root /etc/wixsync/wixsync.env
  chmod 0600 /etc/wixsync/wixsync.env
fi
install -m 0644 deploy/wixsync.service /etc/systemd/system/wixsync.service
systemctl daemon-reload
echo "installed: edit /etc/wixsync/wixsync.toml, then: systemctl enable --now wixsync"
