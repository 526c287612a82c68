#!/usr/bin/env bash
# AddressSanitizer and UndefinedBehaviorSanitizer over the unit tests and the
# language suites (docs/SANITIZERS.md). Configures build-asan/ with clang and
# -DBEAGLE_SANITIZE=address,undefined (every report fatal), builds, and runs
#   1. the unit tests (GoogleTest);
#   2. the language suites tests/lang/parse and tests/lang/core, under every
#      configuration of their configurations files (or those --only names);
#   3. the sanitizer's own test: ASan still reports a real stack overflow after
#      a Beagle `throw` has unwound C++ frames (tests/sanitizer/).
# Every sanitizer report of steps 1 and 2 is written to a file under
# build-asan/sanitizer-reports/ (also one in a test that expects its program
# to fail), so none goes unseen. Prints a summary; exits 1 if a step failed or
# any report was written, 2 on a usage error.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SCRIPT=scripts/sanitize.sh
BUILD=$ROOT/build-asan
JOBS=${JOBS:-$(nproc)}
declare -a ONLY=()
TIMEOUT_SCALE=5
# shellcheck source=scripts/sanitizer_common.sh
. scripts/sanitizer_common.sh

usage() {
  cat <<'USAGE'
Usage: scripts/sanitize.sh [--only CONFIG]... [--timeout-scale F] [--jobs N]

Builds the testbed with AddressSanitizer and UndefinedBehaviorSanitizer in
build-asan/ (clang), then runs the unit tests, the language suites and the
sanitizer's own test; every sanitizer report is kept in
build-asan/sanitizer-reports/. Exit status 0 when all pass with no report.

  --only CONFIG   run tests/lang/core only under this configuration of its
                  configurations file (repeatable; e.g. --only mark-sweep);
                  default: all of them, every collector with and without
                  gc-always
  --timeout-scale F
                  multiply the time limit of every language test run, the
                  tests' own included, by F (default 5: ASan and UBSan make
                  the gc-always runs of the heaviest tests 3 to 5 times slower)
  --jobs N        parallel builds and tests (default: JOBS or nproc)
  --help          show this help
USAGE
}

parse_sanitizer_options "$@"

configure_and_build "$BUILD" address,undefined

REPORTS=$BUILD/sanitizer-reports
rm -rf "$REPORTS" && mkdir -p "$REPORTS"
export ASAN_OPTIONS="log_path=$REPORTS/report:detect_leaks=1:strict_string_checks=1:check_initialization_order=1"
export UBSAN_OPTIONS="log_path=$REPORTS/report:print_stacktrace=1"
export LSAN_OPTIONS="log_path=$REPORTS/report"

run_step "unit tests" "$BUILD/tests/unit/unit_tests" --gtest_brief=1
run_step "language suite tests/lang/parse" /usr/bin/python3 tests/runner/run_lang_tests.py \
  --beagle "$BUILD/harness/beagle" --configs tests/lang/parse/configurations -j "$JOBS" --timeout-scale "$TIMEOUT_SCALE" \
  tests/lang/parse
run_step "language suite tests/lang/core${ONLY[*]:+ (${ONLY[*]})}" /usr/bin/python3 tests/runner/run_lang_tests.py \
  --beagle "$BUILD/harness/beagle" --configs tests/lang/core/configurations "${ONLY[@]}" \
  --known-failures tests/lang/core/known-failures -j "$JOBS" --timeout-scale "$TIMEOUT_SCALE" tests/lang/core
unset ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS
run_step "ASan still reports an overflow after a throw" \
  ctest --test-dir "$BUILD" --output-on-failure -R '^sanitizer-'

# A file with an error in it is a report. The one other thing ASan writes is
# its warning that it leaves the stack of a C++ throw more than 64 MiB deep
# uncleared (a Beagle stack is 256 MiB); the JIT's unwinder clears those
# frames itself, which tests/lang/core/try-catch/deep_throw_through_builtins.bg
# checks. Those files are listed, not counted; anything else is counted.
declare -a REPORT_FILES=() DEEP_THROW_FILES=()
while IFS= read -r f; do
  if grep -q -E 'ERROR|runtime error|SUMMARY' "$f" || ! grep -q 'ignoring requested __asan_handle_no_return' "$f"; then
    REPORT_FILES+=("$f")
  else
    DEEP_THROW_FILES+=("$f")
  fi
done < <(find "$REPORTS" -type f | sort)

echo
step "summary"
status=0
print_steps || status=1
echo "  ASan warnings of a throw deeper than 64 MiB (expected, not reports): ${#DEEP_THROW_FILES[@]}"
if [ ${#REPORT_FILES[@]} -gt 0 ]; then
  status=1
  echo "  sanitizer reports: ${#REPORT_FILES[@]}, the first lines of each:"
  for f in "${REPORT_FILES[@]}"; do
    echo "  -- $f"
    grep -m 3 -E 'ERROR|runtime error|SUMMARY|WARNING' "$f" | sed 's/^/     /'
  done
else
  echo "  sanitizer reports: none"
fi
exit $status
