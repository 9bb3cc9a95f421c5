#!/usr/bin/env bash
# Installs what Readerdesk needs and is missing, idempotently; quick when all is present.
#   scripts/setup.sh run    what building and running the app needs
#   scripts/setup.sh test   that, plus what the tests need (Xvfb, WebKitWebDriver, tauri-driver)
# Uses sudo for apt-get when not root. Rust (rustup) and Node.js >= 20 must already be there.
set -euo pipefail
mode=${1:-run}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: %s\n' "$*" >&2; exit 1; }

build_packages=(libwebkit2gtk-4.1-dev build-essential pkg-config)
test_packages=(xvfb xauth webkit2gtk-driver)
packages=("${build_packages[@]}")
[ "$mode" = test ] && packages+=("${test_packages[@]}")

missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  command -v apt-get >/dev/null || die "missing ${missing[*]} and no apt-get: install them with your package manager"
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "missing ${missing[*]}: run as root or install sudo"
    sudo=(sudo)
  fi
  say "installing ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

export PATH="$HOME/.cargo/bin:$PATH"
command -v cargo >/dev/null || die "Rust is missing: install it with rustup (https://rustup.rs), then run this again"
command -v npm >/dev/null || die "Node.js 20 or newer with npm is missing: install it, then run this again"
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] || die "Node.js $node_major is too old: Readerdesk's UI tools need Node.js 20 or newer"

# npm ci only when the lock file changed since the last install.
stamp="$root/ui/node_modules/.readerdesk-lock"
if [ ! -f "$stamp" ] || ! cmp -s "$root/ui/package-lock.json" "$stamp"; then
  say "installing the UI's npm packages"
  (cd "$root/ui" && npm ci --no-audit --no-fund --loglevel=error)
  cp "$root/ui/package-lock.json" "$stamp"
fi

if [ "$mode" = test ] && ! command -v tauri-driver >/dev/null; then
  say "installing tauri-driver"
  cargo install tauri-driver --version '^2' --locked --quiet
fi
