#!/usr/bin/env bash
# Installs the system packages Myzel needs when they are missing (Debian/Ubuntu, as root):
#   redis-server  – the embedded Redis (skipped when REDIS_URL is set)
#   postgresql    – the embedded PostgreSQL's binaries (skipped when DATABASE_URL is set)
#   chromium      – only with --browser (the test run), for the end-to-end tests
#   with --browser also the tools the integration tests drive: interactive tools for sessions
#   (bc, sqlite3), Prometheus and promtool, and iproute2/iptables for network partitions
set -euo pipefail

want=()
if [ -z "${REDIS_URL:-}" ] && ! command -v redis-server >/dev/null 2>&1; then want+=(redis-server); fi
if [ -z "${DATABASE_URL:-}" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && [ -z "${MYZEL_POSTGRES_BIN_DIR:-}" ]; then
  want+=(postgresql)
fi
if [ "${1:-}" = "--browser" ]; then
  if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then want+=(chromium); fi
  for tool in bc:bc sqlite3:sqlite3 prometheus:prometheus promtool:prometheus ip:iproute2 iptables:iptables; do
    command -v "${tool%%:*}" >/dev/null 2>&1 || [ -x "/usr/sbin/${tool%%:*}" ] || want+=("${tool##*:}")
  done
  mapfile -t want < <(printf '%s\n' "${want[@]}" | awk 'NF && !seen[$0]++')
fi

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
for service in redis-server postgresql prometheus; do
  if printf '%s\n' "${want[@]}" | grep -qx "$service"; then $SUDO service "$service" stop >/dev/null 2>&1 || true; fi
done
