#!/usr/bin/env bash
# Installs what Jobdeck needs, builds it with warnings as errors, and runs every test; then builds the core
# with AddressSanitizer and UndefinedBehaviorSanitizer, and with ThreadSanitizer, and runs the core tests under each.
set -euo pipefail
cd "$(dirname "$0")/.."
packaging/install-deps.sh
source packaging/build-env.sh

jobs=$(nproc)
cmake --preset ci "${jobdeck_cmake_args[@]}" >/dev/null
cmake --build --preset ci -j "$jobs"
QT_QPA_PLATFORM=offscreen ctest --preset ci -j "$jobs"

for sanitizer in asan tsan; do
  cmake --preset "$sanitizer" "${jobdeck_cmake_args[@]}" >/dev/null
  cmake --build --preset "$sanitizer" -j "$jobs" --target jobdeck_core_tests
  ctest --preset "$sanitizer" -L core -j "$jobs"
done
