#!/usr/bin/env bash
# Builds the libFuzzer targets (Clang, ASan+UBSan via fuzz/CMakeLists.txt) in build-fuzz/ and runs each
# fuzz_<name> for a bounded time on a scratch copy of its seed corpus fuzz/corpus/<name>/ (the repository's
# corpus is never written). Exits non-zero if any target finds a crash, leak, timeout or OOM.
#
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET]   (default 60)
#        FUZZ_TARGETS="fuzz_form_parser fuzz_jws_verify" scripts/fuzz.sh 30   (a subset)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

seconds="${1:-60}"
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || ((seconds < 1)); then
  echo "fuzz.sh: SECONDS_PER_TARGET must be a positive integer, got '$seconds'" >&2
  exit 2
fi

say() { printf '\n[fuzz] %s\n' "$*"; }

"$ROOT/scripts/install-deps.sh"

build_dir="$ROOT/build-fuzz"
say "configure $(basename "$build_dir") with clang"
# fuzzer-no-link gives every library coverage instrumentation (the fuzz targets themselves add
# -fsanitize=fuzzer); FAPID_SANITIZE adds ASan+UBSan so memory errors and UB are findings too.
CC=clang CXX=clang++ cmake -S "$ROOT" -B "$build_dir" -G Ninja \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" \
  -DFAPID_FUZZ=ON -DFAPID_TESTS=OFF -DFAPID_SANITIZE=ON \
  -DCMAKE_C_FLAGS=-fsanitize=fuzzer-no-link -DCMAKE_CXX_FLAGS=-fsanitize=fuzzer-no-link

# Build only the fuzz targets (ninja names each executable as a phony target).
mapfile -t fuzz_targets < <(ninja -C "$build_dir" -t targets all | sed -n 's/^\(fuzz_[A-Za-z0-9_]*\): phony$/\1/p' | sort -u)
if ((${#fuzz_targets[@]} == 0)); then
  echo "fuzz.sh: fuzz/CMakeLists.txt defines no fuzz_* target" >&2
  exit 1
fi
say "build ${fuzz_targets[*]}"
cmake --build "$build_dir" --parallel "$(nproc 2>/dev/null || echo 2)" --target "${fuzz_targets[@]}"

targets=()
if [[ -n "${FUZZ_TARGETS:-}" ]]; then
  read -r -a names <<<"$FUZZ_TARGETS"
  for n in "${names[@]}"; do targets+=("$build_dir/fuzz/$n"); done
else
  while IFS= read -r -d '' f; do targets+=("$f"); done \
    < <(find "$build_dir/fuzz" -maxdepth 1 -type f -name 'fuzz_*' -perm -u+x -print0 2>/dev/null | sort -z)
fi
if ((${#targets[@]} == 0)); then
  echo "fuzz.sh: no fuzz_* executables in $build_dir/fuzz" >&2
  exit 1
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/fapid-fuzz.XXXXXX")"
trap 'rm -rf "$work"' EXIT
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"

failed=()
summary=()
for bin in "${targets[@]}"; do
  target="$(basename "$bin")"
  name="${target#fuzz_}"
  seeds="$ROOT/fuzz/corpus/$name"
  corpus="$work/corpus-$name"
  artifacts="$work/artifacts-$name/"
  mkdir -p "$corpus" "$artifacts"
  [[ -d "$seeds" ]] && cp -R "$seeds/." "$corpus/"
  dict=()
  [[ -f "$ROOT/fuzz/$name.dict" ]] && dict=("-dict=$ROOT/fuzz/$name.dict")
  seed_count="$(find "$corpus" -type f | wc -l)"

  say "$target: ${seconds}s, $seed_count seed(s)"
  log="$work/$target.log"
  status=0
  # The scratch corpus comes first so new inputs go there; the seed dir is read only.
  "$bin" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$artifacts" "${dict[@]}" "$corpus" >"$log" 2>&1 || status=$?

  grep -E '^(#[0-9]+[[:space:]]+DONE|stat::number_of_executed_units|stat::peak_rss_mb)' "$log" || true
  final="$(grep -E '^#[0-9]+' "$log" | tail -n1 || true)"
  execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)"
  if ((status != 0)); then
    failed+=("$target")
    echo "---- $target FAILED (exit $status); last 60 lines of its log:"
    tail -n 60 "$log"
    for a in "$artifacts"*; do
      [[ -f "$a" ]] || continue
      keep="$ROOT/build-fuzz/findings/$target"
      mkdir -p "$keep"
      cp "$a" "$keep/"
      echo "---- finding kept: build-fuzz/findings/$target/$(basename "$a")"
    done
    summary+=("$target: FAILED (exit $status)")
  else
    summary+=("$target: ok, ${execs:-?} execs, ${final:-no coverage line}")
  fi
done

say "summary"
printf '  %s\n' "${summary[@]}"
if ((${#failed[@]})); then
  echo "fuzz.sh: ${#failed[@]} target(s) failed: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz.sh: ${#targets[@]} target(s), 0 findings"
