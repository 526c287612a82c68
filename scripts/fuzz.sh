#!/usr/bin/env bash
# Fuzzing with libFuzzer (fuzz/README.md). Builds the fuzz targets in
# build-fuzz/ with clang and -fsanitize=fuzzer,address,undefined, seeds each
# target's corpus from the test programs (tests/lang/**/*.bg, workloads/*.bg),
# and fuzzes each target named (parse, compile, run; default all three), one
# after another, for the time given. The corpus grows in
# build-fuzz/corpus/TARGET/ and is kept between runs; a crash, a hang or a
# sanitizer report is written to build-fuzz/crashes/TARGET/ and ends the
# script with status 1 after the other targets have run. Logs:
# build-fuzz/logs/TARGET.log.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=$ROOT/build-fuzz
JOBS=${JOBS:-$(nproc)}
TIME=60
ALL_TARGETS=(parse compile run)
declare -a TARGETS=() EXTRA=()

usage() {
  cat <<'USAGE'
Usage: scripts/fuzz.sh [--time SECONDS] [--gc NAME] [--jobs N] [TARGET...] [-- LIBFUZZER_FLAG...]

Fuzzes the Beagle front end, compiler and runtime with libFuzzer, built in
build-fuzz/ with AddressSanitizer and UndefinedBehaviorSanitizer (clang).

Targets (default: all three, one after another):
  parse    the lexer and the parser (and the printer of `beagle parse`)
  compile  parse and compile to machine code, never run
  run      compile and run, with a step budget and a heap budget

  --time SECONDS  how long to fuzz each target (default 60)
  --gc NAME       the collector the run target uses (default mark-sweep;
                  `beagle gcs` lists them)
  --jobs N        parallel build jobs (default: JOBS or nproc)
  --help          show this help
Flags after `--` go to libFuzzer (e.g. -- -max_len=2000).

The corpus of each target is build-fuzz/corpus/TARGET/ (seeded from
tests/lang/**/*.bg and workloads/*.bg, kept between runs); crashes go to
build-fuzz/crashes/TARGET/, the output to build-fuzz/logs/TARGET.log.
To replay a crash: build-fuzz/fuzz/fuzz_TARGET FILE.
Exit status: 0 when no target found anything, 1 otherwise, 2 on a usage error.
USAGE
}

while [ $# -gt 0 ]; do
  case "$1" in
    --time) TIME=${2:?--time wants seconds}; shift 2 ;;
    --time=*) TIME=${1#--time=}; shift ;;
    --gc) export BEAGLE_FUZZ_GC=${2:?--gc wants a collector}; shift 2 ;;
    --gc=*) export BEAGLE_FUZZ_GC=${1#--gc=}; shift ;;
    --jobs) JOBS=${2:?--jobs wants a number}; shift 2 ;;
    --jobs=*) JOBS=${1#--jobs=}; shift ;;
    --help|-h) usage; exit 0 ;;
    --) shift; EXTRA=("$@"); break ;;
    parse|compile|run) TARGETS+=("$1"); shift ;;
    *) echo "scripts/fuzz.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
[[ "$TIME" =~ ^[0-9]+$ ]] && [ "$TIME" -gt 0 ] || { echo "scripts/fuzz.sh: --time wants a positive number of seconds" >&2; exit 2; }
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=("${ALL_TARGETS[@]}")

step() { printf '== %s\n' "$*"; }

step "configuring and building build-fuzz/ (clang, fuzzer,address,undefined)"
if [ ! -f "$BUILD/CMakeCache.txt" ]; then
  cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
    -DBEAGLE_SANITIZE=address,undefined -DBEAGLE_FUZZ=ON -DPython3_EXECUTABLE=/usr/bin/python3 >/dev/null || exit 1
fi
build_targets=()
for t in "${TARGETS[@]}"; do build_targets+=(--target "fuzz_$t"); done
cmake --build "$BUILD" -j "$JOBS" "${build_targets[@]}" || { echo "scripts/fuzz.sh: the build failed" >&2; exit 1; }

# The seeds: every test program and workload, one flat directory.
SEEDS=$BUILD/seeds
mkdir -p "$SEEDS"
find tests/lang workloads -name '*.bg' | while read -r f; do
  cp "$f" "$SEEDS/$(echo "${f%.bg}" | tr '/' '_').bg"
done

# Each report is fatal; the run target's children report to the same stderr.
export ASAN_OPTIONS="${ASAN_OPTIONS:-}${ASAN_OPTIONS:+:}detect_leaks=1"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-}${UBSAN_OPTIONS:+:}print_stacktrace=1"

declare -a SUMMARY=()
status=0
for t in "${TARGETS[@]}"; do
  corpus=$BUILD/corpus/$t crashes=$BUILD/crashes/$t log=$BUILD/logs/$t.log
  mkdir -p "$corpus" "$crashes" "$(dirname "$log")"
  step "fuzzing $t for $TIME s (log: ${log#$ROOT/})"
  "$BUILD/fuzz/fuzz_$t" -max_total_time="$TIME" -timeout=30 -close_fd_mask=3 \
    -dict=fuzz/beagle.dict -artifact_prefix="$crashes/" "${EXTRA[@]}" \
    "$corpus" "$SEEDS" fuzz/regressions/"$t" >"$log" 2>&1
  code=$?
  runs=$(grep -oE 'Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1)
  corpus_size=$(find "$corpus" -type f | wc -l)
  if [ $code -eq 0 ]; then
    SUMMARY+=("$t: ${runs:-no 'Done' line}, nothing found; corpus $corpus_size inputs")
  else
    status=1
    artifact=$(grep -oE "Test unit written to [^ ]+" "$log" | tail -1)
    what=$(grep -m1 -E '^SUMMARY: ' "$log" || grep -m1 -E 'ERROR: |^fuzz: ' "$log")
    SUMMARY+=("$t: FOUND A PROBLEM (exit $code): $what")
    SUMMARY+=("     ${artifact:-see $log}")
  fi
done

echo
step "summary"
for line in "${SUMMARY[@]}"; do echo "  $line"; done
exit $status
