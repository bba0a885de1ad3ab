#!/usr/bin/env bash
# Makes a DEVELOPMENT PKI for fapid: a CA, a server certificate for localhost, the server's signing and
# encryption keys, and client certificates/keys for the example clients in deploy/config.example.yaml.
# Development only: never use these keys or certificates in production (they sit unencrypted on disk).
#
# Usage: certs/make-dev-pki.sh [--force] [DIR]     (DIR defaults to certs/dev under the repository root)
# Needs only bash, openssl and perl.
set -euo pipefail
umask 077

force=0
dir=""
for arg in "$@"; do
  case "$arg" in
    --force) force=1 ;;
    -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "make-dev-pki: unknown option $arg" >&2; exit 2 ;;
    *) [[ -z "$dir" ]] || { echo "make-dev-pki: one DIR only" >&2; exit 2; }; dir="$arg" ;;
  esac
done
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${dir:-$repo_root/certs/dev}"

files=(ca.crt ca.key server.crt server.key
       keys/signing-ps256.key keys/signing-es256.key keys/enc-rsa-oaep.key
       clients/tpp-one.crt clients/tpp-one.key clients/tpp-one-sig.key clients/tpp-one.jwks.json
       clients/tpp-two.crt clients/tpp-two.key
       untrusted/ca.crt untrusted/client.crt untrusted/client.key
       secrets/portal-secret/client-secret)

complete=1
for f in "${files[@]}"; do [[ -s "$dir/$f" ]] || complete=0; done
if [[ $complete == 1 && $force == 0 ]]; then
  echo "make-dev-pki: $dir already holds a complete development PKI (use --force to regenerate)"
  exit 0
fi

mkdir -p "$dir"/{keys,clients,untrusted,secrets/portal-secret}
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
say() { echo "make-dev-pki: $*"; }

rsa_key() { openssl genpkey -quiet -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1"; }
ec_key() { openssl genpkey -quiet -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1"; }

# ca_cert KEY CRT SUBJECT
ca_cert() {
  openssl req -new -x509 -key "$1" -out "$2" -days 825 -sha256 -subj "$3" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -addext "subjectKeyIdentifier=hash"
}

# leaf_cert CA_CRT CA_KEY KEY CRT SUBJECT EXTFILE
leaf_cert() {
  openssl req -new -key "$3" -subj "$5" -out "$work/leaf.csr"
  openssl x509 -req -in "$work/leaf.csr" -CA "$1" -CAkey "$2" -CAcreateserial -CAserial "$work/ca.srl" \
    -out "$4" -days 825 -sha256 -extfile "$6" 2>/dev/null
}

client_ext() {
  printf '%s\n' "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature" \
    "extendedKeyUsage=clientAuth" "authorityKeyIdentifier=keyid" > "$work/client.ext"
  echo "$work/client.ext"
}

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
hex_to_bin() { perl -e 'my $h = <STDIN>; $h =~ s/\s//g; $h = "0$h" if length($h) % 2; print pack("H*", $h)'; }

say "root CA"
rsa_key "$dir/ca.key"
ca_cert "$dir/ca.key" "$dir/ca.crt" "/C=BR/O=fapid development/CN=fapid dev root CA"

say "server certificate for localhost, 127.0.0.1, ::1"
rsa_key "$dir/server.key"
printf '%s\n' "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature,keyEncipherment" \
  "extendedKeyUsage=serverAuth" "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1" \
  "authorityKeyIdentifier=keyid" > "$work/server.ext"
leaf_cert "$dir/ca.crt" "$dir/ca.key" "$dir/server.key" "$dir/server.crt" "/CN=localhost" "$work/server.ext"

say "server signing and encryption keys (PKCS#8)"
rsa_key "$dir/keys/signing-ps256.key"
ec_key "$dir/keys/signing-es256.key"
rsa_key "$dir/keys/enc-rsa-oaep.key"

# -subj lists RDNs most-significant first; RFC 4514 prints them in reverse: CN=...,OU=...,O=...,C=BR.
say "client tpp-one (certificate and PS256 signing key with its public JWKS)"
rsa_key "$dir/clients/tpp-one.key"
leaf_cert "$dir/ca.crt" "$dir/ca.key" "$dir/clients/tpp-one.key" "$dir/clients/tpp-one.crt" \
  "/C=BR/O=Example TPP One/OU=dev/CN=tpp-one" "$(client_ext)"
rsa_key "$dir/clients/tpp-one-sig.key"
n="$(openssl rsa -in "$dir/clients/tpp-one-sig.key" -noout -modulus 2>/dev/null | sed 's/^Modulus=//' | hex_to_bin | b64url)"
e_hex="$(openssl rsa -in "$dir/clients/tpp-one-sig.key" -noout -text 2>/dev/null \
  | sed -n 's/^publicExponent: [0-9]* (0x\([0-9a-fA-F]*\))$/\1/p')"
[[ -n "$n" && -n "$e_hex" ]] || { echo "make-dev-pki: could not read the tpp-one-sig public key" >&2; exit 1; }
e="$(printf '%s' "$e_hex" | hex_to_bin | b64url)"
printf '{"keys":[{"kty":"RSA","kid":"tpp-one-sig","use":"sig","alg":"PS256","n":"%s","e":"%s"}]}\n' "$n" "$e" \
  > "$dir/clients/tpp-one.jwks.json"

say "client tpp-two (certificate)"
rsa_key "$dir/clients/tpp-two.key"
leaf_cert "$dir/ca.crt" "$dir/ca.key" "$dir/clients/tpp-two.key" "$dir/clients/tpp-two.crt" \
  "/C=BR/O=Example TPP Two/OU=dev/CN=tpp-two" "$(client_ext)"

say "untrusted CA and a client certificate it issued (for negative tests)"
rsa_key "$work/untrusted-ca.key"
ca_cert "$work/untrusted-ca.key" "$dir/untrusted/ca.crt" "/C=BR/O=Untrusted/CN=untrusted dev CA"
rsa_key "$dir/untrusted/client.key"
rm -f "$work/ca.srl"
leaf_cert "$dir/untrusted/ca.crt" "$work/untrusted-ca.key" "$dir/untrusted/client.key" "$dir/untrusted/client.crt" \
  "/C=BR/O=Untrusted/OU=dev/CN=tpp-one" "$(client_ext)"

say "back-office portal client secret"
openssl rand 32 | b64url | tr -d '\n' > "$dir/secrets/portal-secret/client-secret"

# Certificates and the JWKS are public; keys and the secret stay owner-only (umask 077).
chmod 644 "$dir"/ca.crt "$dir"/server.crt "$dir"/clients/*.crt "$dir"/clients/tpp-one.jwks.json "$dir"/untrusted/*.crt

say "created in $dir:"
for f in "${files[@]}"; do echo "  $f"; done
say "development only: never use these keys or certificates in production"
