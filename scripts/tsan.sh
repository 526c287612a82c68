#!/usr/bin/env bash
# ThreadSanitizer over the threaded tests (docs/SANITIZERS.md, "ThreadSanitizer").
# Configures build-tsan/ with clang and -DBEAGLE_SANITIZE=thread, builds the
# two programs it runs (beagle and unit_tests), and runs
#   1. the unit tests that run threads (GoogleTest filter $UNIT_FILTER);
#   2. the threaded language tests tests/lang/core/threads under every
#      configuration of tests/lang/core/configurations (or those --only
#      names): every collector `beagle gcs` lists, with and without gc-always;
#   3. (without --only) the same tests under tests/tsan/configurations: every
#      collector with --stats, --verify and --gc-log, whose records and
#      counters each thread's collections write.
# Every TSan report is written to a file under build-tsan/tsan-reports/
# (TSAN_OPTIONS log_path; also one in a test that expects its program to
# fail), so none goes unseen. TSan sees only what C++ code does: the code the
# JIT emits is not instrumented, so a race between two compiled accesses, or
# between a compiled access and C++ code, is not reported. Prints a summary;
# exits 0 only when every step passed and no report was written, 1
# otherwise, 2 on a usage error.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SCRIPT=scripts/tsan.sh
BUILD=$ROOT/build-tsan
JOBS=${JOBS:-$(nproc)}
declare -a ONLY=()
TIMEOUT_SCALE=10
# The unit tests whose code runs several threads (the others run one):
# the registry's, and the concurrent collector's (its marking thread).
UNIT_FILTER='ThreadRegistry.*:ConcurrentTest.*:*concurrent*'
# shellcheck source=scripts/sanitizer_common.sh
. scripts/sanitizer_common.sh

usage() {
  cat <<'USAGE'
Usage: scripts/tsan.sh [--only CONFIG]... [--timeout-scale F] [--jobs N]

Builds beagle and the unit tests with ThreadSanitizer in build-tsan/
(clang), then runs the unit tests that run threads and the threaded
language tests (tests/lang/core/threads) under every configuration of
tests/lang/core/configurations; every TSan report is kept in
build-tsan/tsan-reports/. Exit status 0 when all pass with no report.

  --only CONFIG   run the language tests only under this configuration of
                  tests/lang/core/configurations (repeatable; e.g. --only
                  mark-sweep), and not those of tests/tsan/configurations;
                  default: all of both, every collector with and without
                  gc-always, and with --stats, --verify and --gc-log
  --timeout-scale F
                  multiply the time limit of every language test run, the
                  tests' own included, by F (default 10: TSan makes C++ code
                  5 to 15 times slower, and a collection is C++ code)
  --jobs N        parallel builds and tests (default: JOBS or nproc)
  --help          show this help
USAGE
}

parse_sanitizer_options "$@"
configure_and_build "$BUILD" thread beagle unit_tests

REPORTS=$BUILD/tsan-reports
rm -rf "$REPORTS" && mkdir -p "$REPORTS"
# halt_on_error=0 (TSan's default): a run goes on after a report, so one run
# shows every race it meets; TSan then makes the process exit with status 66,
# which fails the test. history_size=4: older accesses keep their stacks.
export TSAN_OPTIONS="log_path=$REPORTS/report:halt_on_error=0:history_size=4:second_deadlock_stack=1"

run_step "unit tests that run threads ($UNIT_FILTER)" "$BUILD/tests/unit/unit_tests" --gtest_brief=1 \
  --gtest_filter="$UNIT_FILTER"
run_step "language tests tests/lang/core/threads${ONLY[*]:+ (${ONLY[*]})}" /usr/bin/python3 tests/runner/run_lang_tests.py \
  --beagle "$BUILD/harness/beagle" --configs tests/lang/core/configurations "${ONLY[@]}" \
  --known-failures tests/lang/core/known-failures -j "$JOBS" --timeout-scale "$TIMEOUT_SCALE" tests/lang/core/threads
if [ ${#ONLY[@]} -eq 0 ]; then
  run_step "language tests tests/lang/core/threads with --stats, --verify and --gc-log" \
    /usr/bin/python3 tests/runner/run_lang_tests.py --beagle "$BUILD/harness/beagle" --configs tests/tsan/configurations \
    --known-failures tests/lang/core/known-failures -j "$JOBS" --timeout-scale "$TIMEOUT_SCALE" tests/lang/core/threads
fi
unset TSAN_OPTIONS

declare -a REPORT_FILES=()
while IFS= read -r f; do REPORT_FILES+=("$f"); done < <(find "$REPORTS" -type f | sort)
races=0
if [ ${#REPORT_FILES[@]} -gt 0 ]; then
  races=$(cat "${REPORT_FILES[@]}" | grep -c '^WARNING: ThreadSanitizer')
fi

echo
step "summary"
status=0
print_steps || status=1
if [ ${#REPORT_FILES[@]} -gt 0 ]; then
  status=1
  echo "  TSan reports: $races warning(s) in ${#REPORT_FILES[@]} file(s); each distinct SUMMARY line, with its count:"
  cat "${REPORT_FILES[@]}" | grep -E '^SUMMARY: ThreadSanitizer|^FATAL: ThreadSanitizer|^ThreadSanitizer: [^r]' |
    sort | uniq -c | sort -rn | sed 's/^/   /'
  echo "  the files:"
  for f in "${REPORT_FILES[@]}"; do echo "  -- $f"; done
else
  echo "  TSan reports: none"
fi
exit $status
