#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to a built testbed:
#   1. installs the Debian packages the build, the tests and the documented
#      commands need (clang and its runtimes for scripts/fuzz.sh and
#      scripts/sanitize.sh, Java for the reference runs; node comes from
#      the machine);
#   2. fetches asmjit's Debian source and builds it with position-independent
#      code into .deps/ (Debian's libasmjit-dev is a static library without
#      -fPIC, which cannot go into the Python extension);
#   3. configures and builds the project in build/.
# Every step checks first whether it is already done, so a second run is quick.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DEPS=$ROOT/.deps
JOBS=${JOBS:-$(nproc)}

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

PACKAGES=(
  build-essential cmake dpkg-dev
  libgtest-dev libgmock-dev libbenchmark-dev librapidcheck-dev
  pybind11-dev python3-dev python3-pybind11
  python3-numpy python3-matplotlib python3-pandas python3-pytest
  jupyter-nbconvert python3-nbformat python3-ipykernel
  linux-perf
  python3-dask python3-distributed
  clang libclang-rt-14-dev
  openjdk-17-jdk-headless
)

step() { printf '== %s\n' "$*"; }

install_packages() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    step "Debian packages: all present"
    return
  fi
  step "Debian packages: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

enable_deb_src() {
  local list=/etc/apt/sources.list.d/beagle-deb-src.list
  if apt-cache showsrc asmjit >/dev/null 2>&1 && apt-cache showsrc asmjit | grep -q '^Package:'; then
    return
  fi
  step "apt: adding a deb-src line for bookworm (to fetch asmjit's source)"
  echo "deb-src http://deb.debian.org/debian bookworm main" | $SUDO tee "$list" >/dev/null
  $SUDO apt-get update -qq
}

build_asmjit() {
  local prefix=$DEPS/asmjit
  if [ -f "$prefix/.built" ]; then
    step "asmjit (PIC): present in $prefix"
    return
  fi
  enable_deb_src
  step "asmjit (PIC): fetching Debian source and building"
  rm -rf "$DEPS/asmjit-src" && mkdir -p "$DEPS/asmjit-src"
  (cd "$DEPS/asmjit-src" && apt-get source -qq --download-only asmjit >/dev/null &&
     dpkg-source -x --no-check ./*.dsc src >/dev/null)
  cmake -S "$DEPS/asmjit-src/src" -B "$DEPS/asmjit-build" -DCMAKE_BUILD_TYPE=Release \
    -DASMJIT_STATIC=ON -DCMAKE_POSITION_INDEPENDENT_CODE=ON -DASMJIT_TEST=OFF \
    -DCMAKE_INSTALL_PREFIX="$prefix" >/dev/null
  cmake --build "$DEPS/asmjit-build" -j "$JOBS" >/dev/null
  cmake --install "$DEPS/asmjit-build" >/dev/null
  touch "$prefix/.built"
}

build_project() {
  step "beagle: configuring and building in build/"
  if [ ! -f build/CMakeCache.txt ]; then
    cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DPython3_EXECUTABLE=/usr/bin/python3 -Dasmjit_DIR="$DEPS/asmjit/lib/cmake/asmjit" >/dev/null
  fi
  cmake --build build -j "$JOBS"
}

install_packages
build_asmjit
build_project
step "done: run the tests with scripts/test.sh"
