#!/usr/bin/env bash
# Runs every check and test: formatting, clippy, Rust unit/integration tests, svelte-check,
# vitest, and the end-to-end tests of the real window under Xvfb.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
source scripts/setup.sh test
step() { printf '\n==> %s\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check
step "UI build (the app embeds ui/dist)"
npm --prefix ui run build --silent
step "svelte-check"
npm --prefix ui run check
step "vitest"
npm --prefix ui test
step "clippy -D warnings"
cargo clippy --workspace --all-targets --quiet -- -D warnings
step "the .deb, from a debug build (scripts/package.sh makes the release one)"
scripts/package.sh --debug --no-test
# The package test (tests/e2e_package.rs) fails rather than skips when the package is missing.
export READERDESK_PACKAGE_TEST=required
step "Rust tests, end-to-end tests under Xvfb"
xvfb-run --auto-servernum --server-args='-screen 0 1280x800x24' \
  cargo test --workspace --no-fail-fast
