#!/usr/bin/env bash
# Installs what Readerdesk needs and is missing, idempotently; quick when all is present.
#   scripts/setup.sh run    what building and running the app needs
#   scripts/setup.sh test   that, plus what the tests need (Xvfb, WebKitWebDriver, tauri-driver)
# run.sh and test.sh source it, so the PATH it sets (cargo, a project-local Node) carries on.
# Uses sudo for apt-get when not root. Rust (rustup) must already be there; a Node.js older
# than 20.19 (Debian 12 and Ubuntu 24.04 ship 18) is supplemented by Node 20 from the npm
# registry's node-linux-<arch> package, kept in .tools/ inside the checkout.
set -euo pipefail
mode=${1:-run}
if [ "$(id -u)" -eq 0 ] && [ -n "${SUDO_USER:-}" ]; then
  printf 'setup: run this as yourself, not through sudo: it asks sudo for apt-get only, and\n' >&2
  printf 'setup: a root-owned target/ or node_modules would break your later runs.\n' >&2
  exit 1
fi
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
node_version_ok() {
  command -v node >/dev/null 2>&1 &&
    node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)'
}
local_node="$root/.tools/node/node_modules/node-linux-$(uname -m | sed 's/x86_64/x64/; s/aarch64/arm64/')/bin"
[ -x "$local_node/node" ] && export PATH="$local_node:$PATH"

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: %s\n' "$*" >&2; exit 1; }

build_packages=(libwebkit2gtk-4.1-dev build-essential pkg-config)
# npm bootstraps a newer Node when the system's is old; apt's npm brings its own Node 18.
node_version_ok || command -v npm >/dev/null || build_packages+=(nodejs npm)
# python3 and openssl serve a plain web page, a redirect and a bad certificate in site-sync tests;
# dbus-daemon and gnome-keyring give one test a private Secret Service (the OS keyring).
test_packages=(xvfb xauth webkit2gtk-driver python3 openssl dbus-daemon gnome-keyring)
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
    # Without a terminal (CI) fail at once instead of waiting for a password.
    if [ -t 0 ]; then sudo=(sudo); else sudo=(sudo -n); fi
  fi
  say "installing ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

export PATH="$HOME/.cargo/bin:$PATH"
command -v cargo >/dev/null || die "Rust is missing: install it with rustup (https://rustup.rs), then run this again"
rust_minor=$(rustc --version | sed -E 's/^rustc 1\.([0-9]+).*/\1/')
[ "${rust_minor:-0}" -ge 90 ] || die "$(rustc --version) is too old: Readerdesk needs Rust 1.90 or newer (rustup update)"
if [ "$mode" = test ]; then
  for component in rustfmt clippy; do
    if ! cargo "${component/rustfmt/fmt}" --version >/dev/null 2>&1; then
      command -v rustup >/dev/null || die "cargo $component is missing and there is no rustup to add it"
      say "adding the Rust component $component"
      rustup component add "$component"
    fi
  done
fi
command -v npm >/dev/null || die "npm is missing: install Node.js and npm, then run this again"
if ! node_version_ok; then
  say "Node $(node --version 2>/dev/null || echo none) is older than 20.19: installing Node 20 into .tools/"
  npm install --prefix "$root/.tools/node" --no-save --no-package-lock --no-audit --no-fund \
    --loglevel=error "node-linux-$(uname -m | sed 's/x86_64/x64/; s/aarch64/arm64/')@~20.19"
  export PATH="$local_node:$PATH"
  node_version_ok || die "could not get Node 20.19 or newer"
fi

# npm ci only when the lock file changed since the last install.
stamp="$root/ui/node_modules/.readerdesk-lock"
if [ ! -f "$stamp" ] || ! cmp -s "$root/ui/package-lock.json" "$stamp"; then
  say "installing the UI's npm packages"
  (cd "$root/ui" && npm ci --no-audit --no-fund --loglevel=error)
  cp "$root/ui/package-lock.json" "$stamp"
fi

# The site-sync tests run a real WordPress on loopback: MariaDB, PHP and WordPress's own
# Debian package unpacked into .tools/wordpress (scripts/wordpress.sh; quick when present).
if [ "$mode" = test ]; then
  "$root/scripts/wordpress.sh" install
fi

if [ "$mode" = test ] && ! command -v tauri-driver >/dev/null; then
  say "installing tauri-driver"
  cargo install tauri-driver --version '^2' --locked --quiet
fi
