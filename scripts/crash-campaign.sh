#!/usr/bin/env bash
# The long crash campaign: 50 kills (or $1) of real work at seeded moments, each followed by the
# checks of tests/crash_campaign.rs. A failure prints READERDESK_CRASH_SEED=...: run this script
# again with that variable set to replay the same kills.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
source scripts/setup.sh test
export READERDESK_CRASH_KILLS=${1:-50}
exec cargo test --test crash_campaign -- --nocapture
