#!/usr/bin/env bash
# `npm start`: everything a fresh machine needs, then the server.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-system.sh
bash scripts/ensure-deps.sh --build
export NODE_ENV="${NODE_ENV:-production}" NEXT_TELEMETRY_DISABLED=1
exec node --import tsx src/server.ts
