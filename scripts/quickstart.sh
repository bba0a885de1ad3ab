#!/usr/bin/env bash
# From a fresh Debian 12 machine to a running server: installs dependencies, builds a Release binary,
# makes a development PKI in certs/dev/ (once), prints URLs to try, then runs
#   fapid serve --config deploy/config.example.yaml
# in the foreground (Ctrl-C stops it gracefully).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

say() { printf '[quickstart] %s\n' "$*"; }

"$ROOT/scripts/install-deps.sh"

build_dir="$ROOT/build-release"
say "building Release in $(basename "$build_dir")"
cmake -S "$ROOT" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DFAPID_TESTS=OFF
cmake --build "$build_dir" --parallel "$(nproc 2>/dev/null || echo 2)" --target fapid
fapid="$build_dir/src/app/fapid"
if [[ ! -x "$fapid" ]]; then
  fapid="$(find "$build_dir" -type f -name fapid -perm -u+x | head -n1)"
fi
[[ -x "$fapid" ]] || { say "fapid binary not found under $build_dir" >&2; exit 1; }

if [[ ! -f "$ROOT/certs/dev/ca.crt" ]]; then
  say "making a development PKI in certs/dev/"
  "$ROOT/certs/make-dev-pki.sh" "$ROOT/certs/dev"
else
  say "using the existing development PKI in certs/dev/"
fi

config="deploy/config.example.yaml"
"$fapid" check-config --config "$config"

cat <<EOF

fapid is starting with $config (TLS :8443, mTLS :8444, ops :9090), keeping its state in the
embedded store var/fapid.db (storage.kind: embedded). Try, from $ROOT:

  # discovery, FAPI tree and non-FAPI tree
  curl --cacert certs/dev/ca.crt https://localhost:8443/auth/.well-known/openid-configuration
  curl --cacert certs/dev/ca.crt https://localhost:8443/auth-nonfapi/.well-known/openid-configuration
  # RFC 8414 authorization-server metadata
  curl --cacert certs/dev/ca.crt https://localhost:8443/.well-known/oauth-authorization-server/auth
  # public signing and encryption keys
  curl --cacert certs/dev/ca.crt https://localhost:8443/auth/jwks
  # the mTLS listener, with the example TPP's client certificate
  curl --cacert certs/dev/ca.crt --cert certs/dev/clients/tpp-one.crt --key certs/dev/clients/tpp-one.key \\
       https://localhost:8444/auth/.well-known/openid-configuration
  # a certificate-bound access token by client credentials (tpp-two authenticates with its
  # certificate, tls_client_auth), then introspect it (paste the access_token in place of TOKEN)
  curl --cacert certs/dev/ca.crt --cert certs/dev/clients/tpp-two.crt --key certs/dev/clients/tpp-two.key \\
       -d grant_type=client_credentials -d client_id=tpp-two -d scope=consents https://localhost:8444/auth/token
  curl --cacert certs/dev/ca.crt --cert certs/dev/clients/tpp-two.crt --key certs/dev/clients/tpp-two.key \\
       -d client_id=tpp-two -d token=TOKEN https://localhost:8444/auth/token/introspection
  # a consent for a customer, created by the TPP with that token (consents API v3)
  curl --cacert certs/dev/ca.crt --cert certs/dev/clients/tpp-two.crt --key certs/dev/clients/tpp-two.key \\
       -H 'authorization: Bearer TOKEN' -H 'content-type: application/json' \\
       -d '{"data":{"loggedUser":{"document":{"identification":"76109277673","rel":"CPF"}},"permissions":["ACCOUNTS_READ","ACCOUNTS_BALANCES_READ","RESOURCES_READ"]}}' \\
       https://localhost:8444/open-banking/consents/v3/consents
  # that customer, who logs in on the consent pages (the password is read from standard input)
  build-release/src/app/fapid users add --config $config --login ana --document 76109277673 \\
       --name 'Ana Souza' --email ana@example.com
  # the browser part (PAR with a signed request object, login, approval, code exchange) is what
  # tests/integration/consents_journey.test.mjs drives in headless Chromium
  # health, readiness and Prometheus metrics (plain HTTP, ops listener)
  curl http://localhost:9090/healthz
  curl http://localhost:9090/readyz
  curl http://localhost:9090/metrics

Logs are JSON lines on stderr. Press Ctrl-C to stop (graceful drain).

EOF

exec "$fapid" serve --config "$config"
