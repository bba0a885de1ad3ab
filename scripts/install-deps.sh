#!/usr/bin/env bash
# Installs everything fapid needs to build and test on Debian 12 (bookworm), then the node modules of
# the integration tests. Idempotent and non-interactive: when every package is already installed it
# touches neither apt nor the network (the fast path), and `npm ci` runs only when the lock file changed.
#
# Usage: scripts/install-deps.sh            (as root, or as a user with sudo)
set -euo pipefail

# --- The one list of Debian packages. Add new needs here (one group per concern). -----------------------
PACKAGES=(
  # toolchain
  build-essential g++ cmake ninja-build ccache pkg-config perl
  clang-14 libclang-rt-14-dev            # libFuzzer and the sanitizer runtimes for clang
  # libraries
  libboost1.81-dev libboost-url1.81-dev libboost-json1.81-dev
  libssl-dev openssl
  libcjose-dev libjansson-dev            # cjose's pkg-config file requires jansson
  libyaml-cpp-dev nlohmann-json3-dev
  libgtest-dev libgmock-dev
  # customers' password hashes: argon2id, and bcrypt through libcrypt-dev's crypt_r
  libargon2-dev libcrypt-dev
  # integration tests and the quickstart
  ca-certificates curl
  chromium                               # the browser the page tests drive (playwright-core)
  # storage: SQLite is the embedded store; PostgreSQL 15 and Redis 7 serve the production adapters' tests
  libsqlite3-dev libpqxx-dev libhiredis-dev postgresql-15 redis-server
)
# Node.js with npm runs the integration tests. Debian's `nodejs npm` are installed only when no
# usable node is on PATH: a machine may already carry a newer Node.js (which bundles npm and conflicts
# with Debian's npm package), and replacing it would be a downgrade.
NODE_PACKAGES=(nodejs npm)
# The stand-in staff IdP (npm oidc-provider 9) needs Node.js 20.18 or newer (URL.parse); Debian 12's own
# nodejs is 18, so on a machine without a newer Node.js the integration tests cannot run.
NODE_MIN_VERSION=20.18
# ---------------------------------------------------------------------------------------------------------

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
INTEGRATION_DIR="$ROOT/tests/integration"

say() { printf '[install-deps] %s\n' "$*"; }

as_root() {
  if [[ $(id -u) -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo -n "$@" 2>/dev/null || sudo "$@"
  else
    say "need root to run: $*  (run this script as root or install sudo)" >&2
    exit 1
  fi
}

is_installed() {
  [[ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)" == "installed" ]]
}

node_usable() {
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || return 1
  local version
  version="$(node -p 'process.versions.node' 2>/dev/null || echo 0)"
  dpkg --compare-versions "$version" ge "$NODE_MIN_VERSION"  # a version order dpkg knows exactly
}

wanted=("${PACKAGES[@]}")
if ! node_usable; then
  wanted+=("${NODE_PACKAGES[@]}")
fi

missing=()
for pkg in "${wanted[@]}"; do
  is_installed "$pkg" || missing+=("$pkg")
done

if ((${#missing[@]} == 0)); then
  say "all ${#wanted[@]} Debian packages already installed"
else
  say "installing ${#missing[@]} missing package(s): ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  say "Debian packages installed"
fi

if ! node_usable; then
  say "no Node.js >= $NODE_MIN_VERSION with npm on PATH (Debian 12's nodejs is 18): install Node.js 20 or 22 LTS" >&2
  exit 1
fi
say "node $(node --version), npm $(npm --version)"

# --- node modules for tests/integration, reinstalled only when package-lock.json changes ------------------
if [[ -f "$INTEGRATION_DIR/package.json" ]]; then
  stamp="$INTEGRATION_DIR/node_modules/.fapid-lock-sha256"
  if [[ -f "$INTEGRATION_DIR/package-lock.json" ]]; then
    want_hash="$(sha256sum "$INTEGRATION_DIR/package-lock.json" | cut -d' ' -f1)"
    npm_cmd=(npm ci)
  else
    want_hash="$(sha256sum "$INTEGRATION_DIR/package.json" | cut -d' ' -f1)"
    npm_cmd=(npm install)
  fi
  have_hash="$(cat "$stamp" 2>/dev/null || true)"
  if [[ "$have_hash" == "$want_hash" ]]; then
    say "tests/integration node_modules up to date"
  else
    say "running '${npm_cmd[*]}' in tests/integration"
    (cd "$INTEGRATION_DIR" && "${npm_cmd[@]}" --no-audit --no-fund --loglevel=error)
    mkdir -p "$INTEGRATION_DIR/node_modules"
    printf '%s\n' "$want_hash" >"$stamp"
  fi
fi

say "done"
