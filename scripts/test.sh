#!/usr/bin/env bash
# `npm test`: unit tests, integration tests against real PostgreSQL, Redis and server
# processes, then Playwright in Debian's Chromium against the real server.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-system.sh --browser
bash scripts/ensure-deps.sh --build
export NEXT_TELEMETRY_DISABLED=1

started=$(date +%s)
echo "== typecheck"; npx tsc --noEmit -p .
echo "== format and lint"; npx biome ci --error-on-warnings .
echo "== layers"; npx depcruise src --config .dependency-cruiser.cjs --output-type err
echo "== unit tests"; npx vitest run --project unit
echo "== alert rules"; promtool check rules monitoring/myzel-alerts.yml && promtool test rules monitoring/myzel-alerts.test.yml
echo "== integration tests"; npx vitest run --project integration
echo "== end-to-end tests"; npx playwright test
echo "== all tests passed in $(( $(date +%s) - started )) s"
