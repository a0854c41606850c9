#!/usr/bin/env bash
# Installs npm dependencies when package-lock.json changed since the last install, and
# builds the dashboard when its sources changed since the last build.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "myzel: installing npm dependencies"
  # `npm ci` rejects lockfiles without other platforms' optional packages; install keeps the lockfile as it is.
  npm install --no-audit --no-fund --loglevel=error
  touch node_modules/.package-lock.json
fi

if [ ! -d src/generated/prisma ] || [ prisma/schema.prisma -nt src/generated/prisma/client.ts ]; then
  npx prisma generate >/dev/null
fi

if [ "${1:-}" = "--build" ]; then
  stamp=$(cat package-lock.json next.config.ts postcss.config.mjs $(find src public -type f ! -path 'src/generated/*' 2>/dev/null | sort) 2>/dev/null | sha256sum | cut -c1-16)
  if [ ! -f .next/BUILD_ID ] || [ "$(cat .next/myzel-build-stamp 2>/dev/null)" != "$stamp" ]; then
    echo "myzel: building the dashboard"
    npx next build >/tmp/myzel-build.log 2>&1 || { cat /tmp/myzel-build.log; exit 1; }
    echo "$stamp" > .next/myzel-build-stamp
  fi
fi
