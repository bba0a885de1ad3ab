#!/usr/bin/env bash
# THE test command: installs dependencies, starts PostgreSQL and Redis on loopback (scripts/services.sh),
# builds, and runs every unit, storage-adapter and integration test with CTest.
#
# Usage: scripts/test.sh              RelWithDebInfo build in build/
#        scripts/test.sh --sanitize   ASan+UBSan build in build-asan/ (leaks detected, UB halts)
# Extra CTest arguments may follow `--`, e.g. scripts/test.sh -- -R integration
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

sanitize=0
ctest_extra=()
while (($#)); do
  case "$1" in
    --sanitize) sanitize=1 ;;
    -h | --help)
      sed -n '2,7p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    --)
      shift
      ctest_extra=("$@")
      break
      ;;
    *)
      echo "test.sh: unknown argument '$1' (try --help)" >&2
      exit 2
      ;;
  esac
  shift
done

say() { printf '\n[test] %s\n' "$*"; }

"$ROOT/scripts/install-deps.sh"

say "services (PostgreSQL and Redis for the storage adapters' tests; scripts/services.sh stop ends them)"
eval "$("$ROOT/scripts/services.sh" start)"

jobs="$(nproc 2>/dev/null || echo 2)"
if ((sanitize)); then
  build_dir="$ROOT/build-asan"
  cmake_args=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DFAPID_SANITIZE=ON)
  # Leaks fail the run; any UB report halts with a stack trace (also set by -fno-sanitize-recover).
  export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
  # Known leaks of Debian libraries, each explained in the file; the servers the tests spawn inherit it.
  export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$ROOT/tests/sanitizers/lsan.supp:print_suppressions=0}"
  export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
  # The sanitized server is slower to start; the integration harness reads this.
  export FAPID_TEST_TIMEOUT_SCALE="${FAPID_TEST_TIMEOUT_SCALE:-3}"
else
  build_dir="$ROOT/build"
  cmake_args=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DFAPID_SANITIZE=OFF)
fi

# Line tables only (-g1): stack traces keep their file:line, and the build spends far less time writing
# full debug information (a third of CI's two-core budget goes to compiling).
cmake_args+=(-DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG")

say "configure $(basename "$build_dir") (${cmake_args[*]})"
# The test-only interaction route stands in for the customer login pages (README, Testing); release
# builds (quickstart, packages) never compile it.
cmake -S "$ROOT" -B "$build_dir" -G Ninja -DFAPID_TESTS=ON -DFAPID_TEST_ROUTES=ON "${cmake_args[@]}"

say "build"
cmake --build "$build_dir" --parallel "$jobs"

if command -v ccache >/dev/null 2>&1; then
  ccache --show-stats 2>/dev/null | grep -Ei '^ *(hits|misses|cache size)' || true
fi

say "ctest (unit and integration)"
# --no-tests=error: a run that found no test is a failure, never a silent pass.
ctest --test-dir "$build_dir" --output-on-failure --no-tests=error -j "$jobs" "${ctest_extra[@]}"
say "all tests passed"
