#!/usr/bin/env bash
# Installs what Jobdeck needs, builds it with warnings as errors, and runs every test; then the package test; then
# builds the core with AddressSanitizer and UndefinedBehaviorSanitizer, and with ThreadSanitizer, and runs the core
# tests under each. Every suite runs even when one before it failed; the failures are listed at the end.
# The build in build-ci is the one packaging/run.sh and packaging/deb.sh use too.
set -euo pipefail
cd "$(dirname "$0")/.."
packaging/install-deps.sh
source packaging/build-env.sh

jobs=$(nproc)
failed=()
# suite NAME BUILD_DIR COMMAND...: runs one suite; its failure is remembered with the tests that failed in it.
suite() {
  local name=$1 dir=$2
  shift 2
  echo "=== $name"
  rm -f "$dir/Testing/Temporary/LastTestsFailed.log"
  if "$@"; then
    return 0
  fi
  local tests=""
  if [ -f "$dir/Testing/Temporary/LastTestsFailed.log" ]; then
    tests=": $(cut -d: -f2 "$dir/Testing/Temporary/LastTestsFailed.log" | paste -sd ' ')"
  fi
  failed+=("$name$tests")
}

ci() {
  cmake --preset ci "${jobdeck_cmake_args[@]}" >/dev/null && cmake --build --preset ci -j "$jobs" \
    && QT_QPA_PLATFORM=offscreen ctest --preset ci -LE package -j "$jobs"
}
package() {
  ctest --preset ci -L package
}
asan() {
  cmake --preset asan "${jobdeck_cmake_args[@]}" >/dev/null && cmake --build --preset asan -j "$jobs" --target jobdeck_core_tests \
    && ctest --preset asan -L core -j "$jobs"
}
# tst_continuous is left out under ThreadSanitizer: its continuous jobs are scripts, which Qt 6.4's QProcess starts
# vfork-style, in the parent's memory, and that corrupts the sanitizer's runtime state (see tests/tsan.supp).
tsan() {
  cmake --preset tsan "${jobdeck_cmake_args[@]}" >/dev/null && cmake --build --preset tsan -j "$jobs" --target jobdeck_core_tests \
    && ctest --preset tsan -L core -E '^tst_continuous$' -j "$jobs"
}

suite "tests (build-ci)" build-ci ci
suite "package" build-ci package
suite "core tests under AddressSanitizer (build-asan)" build-asan asan
suite "core tests under ThreadSanitizer (build-tsan)" build-tsan tsan

if [ ${#failed[@]} -ne 0 ]; then
  echo "test.sh: ${#failed[@]} suite(s) failed:" >&2
  printf '  %s\n' "${failed[@]}" >&2
  exit 1
fi
echo "test.sh: every suite passed"
