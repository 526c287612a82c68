# Shared by scripts/sanitize.sh and scripts/tsan.sh (sourced, not run): the
# options both take, the build of their directory, and the steps and their
# results for the summary. The sourcing script sets SCRIPT (its name for
# messages), JOBS, TIMEOUT_SCALE and ONLY=() first, and defines usage().

# --only CONFIG (repeatable), --timeout-scale F, --jobs N, --help.
parse_sanitizer_options() {
  while [ $# -gt 0 ]; do
    case "$1" in
      --only) ONLY+=(--only "${2:?--only wants a configuration name}"); shift 2 ;;
      --only=*) ONLY+=(--only "${1#--only=}"); shift ;;
      --timeout-scale) TIMEOUT_SCALE=${2:?--timeout-scale wants a factor}; shift 2 ;;
      --timeout-scale=*) TIMEOUT_SCALE=${1#--timeout-scale=}; shift ;;
      --jobs) JOBS=${2:?--jobs wants a number}; shift 2 ;;
      --jobs=*) JOBS=${1#--jobs=}; shift ;;
      --help|-h) usage; exit 0 ;;
      *) echo "$SCRIPT: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
    esac
  done
}

step() { printf '== %s\n' "$*"; }

# configure_and_build DIR SANITIZERS [TARGET...]: configures DIR with clang
# and -DBEAGLE_SANITIZE=SANITIZERS once, then builds the targets (default:
# everything); exits 1 if either fails.
configure_and_build() {
  local dir=$1 sanitizers=$2
  shift 2
  step "configuring and building ${dir#"$ROOT"/}/ (clang, $sanitizers)"
  if [ ! -f "$dir/CMakeCache.txt" ]; then
    cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
      -DBEAGLE_SANITIZE="$sanitizers" -DPython3_EXECUTABLE=/usr/bin/python3 >/dev/null || exit 1
  fi
  local targets=()
  for t in "$@"; do targets+=(--target "$t"); done
  cmake --build "$dir" -j "$JOBS" "${targets[@]}" || { echo "$SCRIPT: the build failed" >&2; exit 1; }
}

# run_step NAME COMMAND...: runs one step, keeping its result and time.
declare -a NAMES=() RESULTS=()
run_step() {
  local name=$1; shift
  step "$name"
  local start=$SECONDS
  if "$@"; then RESULTS+=("passed"); else RESULTS+=("FAILED"); fi
  NAMES+=("$name ($((SECONDS - start)) s)")
}

# Prints each step's result; returns 1 if one failed.
print_steps() {
  local i r status=0
  for i in "${!NAMES[@]}"; do printf '  %-8s %s\n' "${RESULTS[$i]}" "${NAMES[$i]}"; done
  for r in "${RESULTS[@]}"; do [ "$r" = passed ] || status=1; done
  return $status
}
