#!/usr/bin/env bash
# Sets up a fresh Debian machine with Node 20 for berth: host packages (for the real test hosts),
# pnpm, the workspace's dependencies, and a build. Idempotent; needs root for apt.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" = 0 ]; then
  bash testhosts/install-host-packages.sh
else
  echo "setup: not root, skipping host packages (the end-to-end tests and the demo need root)" >&2
fi
if ! command -v pnpm >/dev/null 2>&1 || ! pnpm --version 2>/dev/null | grep -q '^9\.'; then
  # corepack cannot fetch pnpm here (signature check); npm can.
  npm install -g pnpm@9 --no-fund --no-audit --loglevel=error
fi
pnpm install --frozen-lockfile --reporter=append-only
pnpm build
