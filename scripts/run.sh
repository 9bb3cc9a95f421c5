#!/usr/bin/env bash
# Builds the UI and the app, then opens the window on the default database (READERDESK_DB or
# --db PATH pick another). Extra arguments go to readerdesk: scripts/run.sh --db /tmp/x.db
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
source scripts/setup.sh run
npm --prefix ui run build --silent
cargo build --quiet --bin readerdesk
exec target/debug/readerdesk "$@"
