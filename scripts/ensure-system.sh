#!/usr/bin/env bash
# Installs the system packages Myzel needs when they are missing (Debian/Ubuntu, as root):
#   redis-server  – the embedded Redis (skipped when REDIS_URL is set)
#   postgresql    – the embedded PostgreSQL's binaries (skipped when DATABASE_URL is set)
#   chromium      – only with --browser, for the end-to-end tests
set -euo pipefail

want=()
if [ -z "${REDIS_URL:-}" ] && ! command -v redis-server >/dev/null 2>&1; then want+=(redis-server); fi
if [ -z "${DATABASE_URL:-}" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && [ -z "${MYZEL_POSTGRES_BIN_DIR:-}" ]; then
  want+=(postgresql)
fi
if [ "${1:-}" = "--browser" ] && [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then want+=(chromium); fi

[ ${#want[@]} -eq 0 ] && exit 0

echo "myzel: installing system packages: ${want[*]}"
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "myzel: please install ${want[*]} (apt-get install -y ${want[*]}) or set REDIS_URL / DATABASE_URL" >&2
    exit 1
  fi
else SUDO=""; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null
# Debian starts the packaged services; Myzel runs its own instances under .data/ instead.
for service in redis-server postgresql; do
  if printf '%s\n' "${want[@]}" | grep -qx "$service"; then $SUDO service "$service" stop >/dev/null 2>&1 || true; fi
done
