#!/usr/bin/env bash
# Builds the installable Debian package with the Tauri CLI pinned in ui/package.json, then
# tests it: extracted into a temporary root, its files and control fields are checked and the
# extracted binary is launched under Xvfb until the window shows its first-start screen.
#   scripts/package.sh            target/release/bundle/deb/readerdesk_<version>_<arch>.deb
#   scripts/package.sh --debug    the same from a debug build, in target/debug/ (quicker; the
#                                 README's test command uses it to prove the packaging works)
#   scripts/package.sh --no-test  build only (the test command runs the package test itself)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
profile=release
build_flags=()
run_test=1
for arg in "$@"; do
  case "$arg" in
    --debug) profile=debug; build_flags+=(--debug) ;;
    --no-test) run_test=0 ;;
    *) printf 'package: unknown option %s\n' "$arg" >&2; exit 2 ;;
  esac
done
# The launch test needs what the tests need (Xvfb, tauri-driver, WebKitWebDriver).
if [ "$run_test" = 1 ]; then source scripts/setup.sh test; else source scripts/setup.sh run; fi
command -v dpkg-deb >/dev/null || { printf 'package: dpkg-deb is missing (Debian/Ubuntu only)\n' >&2; exit 1; }

version=$(cargo pkgid -p readerdesk | sed -E 's/.*[#@]//')
arch=$(dpkg --print-architecture)
bundle_dir="target/$profile/bundle/deb"
deb="$bundle_dir/readerdesk_${version}_${arch}.deb"

printf '==> tauri build (%s) --bundles deb\n' "$profile"
rm -rf "$bundle_dir"
# --ci: no prompts; the CLI runs tauri.conf.json's beforeBuildCommand (the UI build) itself.
ui/node_modules/.bin/tauri build "${build_flags[@]}" --bundles deb --ci
# The bundler names the file after productName ("Readerdesk"); Debian names it after the package.
built=$(find "$bundle_dir" -maxdepth 1 -name '*.deb' | head -n 1)
[ -n "$built" ] || { printf 'package: the Tauri CLI made no .deb in %s\n' "$bundle_dir" >&2; exit 1; }
[ "$built" = "$deb" ] || mv "$built" "$deb"
printf '==> %s (%s)\n' "$deb" "$(du -h "$deb" | cut -f1)"

if [ "$run_test" = 1 ]; then
  printf '==> package test: extract, check, launch\n'
  READERDESK_DEB="$root/$deb" xvfb-run --auto-servernum --server-args='-screen 0 1280x800x24' \
    cargo test --test e2e_package -- --nocapture
fi
