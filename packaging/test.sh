#!/usr/bin/env bash
# Installs what Jobdeck needs, builds it with warnings as errors, and runs every test; then builds the core
# with AddressSanitizer and UndefinedBehaviorSanitizer and runs the core tests under them.
set -euo pipefail
cd "$(dirname "$0")/.."
packaging/install-deps.sh

jobs=$(nproc)
cmake --preset ci >/dev/null
cmake --build --preset ci -j "$jobs"
QT_QPA_PLATFORM=offscreen ctest --preset ci -j "$jobs"

cmake --preset asan >/dev/null
cmake --build --preset asan -j "$jobs"
ctest --preset asan -L core -j "$jobs"
