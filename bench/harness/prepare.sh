# Sourced by bench/run and bench/soak: checks the tools, builds what is missing (a Release fapid with the
# test-only interaction route, which the code flow scenario needs, and the load generator) and makes a
# development PKI. Sets FAPID_BIN, FAPID_LOADGEN and BENCH_PKI.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="${FAPID_BENCH_BUILD:-$ROOT/build-bench}"
say() { printf '[bench] %s\n' "$*" >&2; }

[[ "$(nproc)" -ge 2 ]] || { say "needs 2 cores (server on cpu 0, load on cpu 1)"; exit 2; }
for tool in taskset openssl node cmake ninja; do
  command -v "$tool" >/dev/null || { say "$tool not found: run scripts/install-deps.sh"; exit 2; }
done

if [[ -z "${FAPID_BIN:-}" || -z "${FAPID_LOADGEN:-}" ]]; then
  if [[ ! -f "$BUILD/CMakeCache.txt" ]]; then
    say "configuring $BUILD (Release, test routes on)"
    launcher=()
    command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
    cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DFAPID_TESTS=OFF -DFAPID_TEST_ROUTES=ON "${launcher[@]}" >&2
  fi
  say "building fapid and fapid-loadgen in $BUILD"
  cmake --build "$BUILD" --parallel "$(nproc)" --target fapid fapid-loadgen >&2
  export FAPID_BIN="${FAPID_BIN:-$BUILD/src/app/fapid}" FAPID_LOADGEN="${FAPID_LOADGEN:-$BUILD/bench/fapid-loadgen}"
fi

BENCH_PKI="${FAPID_BENCH_PKI:-$BUILD/bench-pki}"
[[ -f "$BENCH_PKI/ca.crt" ]] || "$ROOT/certs/make-dev-pki.sh" "$BENCH_PKI" >&2
