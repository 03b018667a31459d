#!/usr/bin/env bash
# Installs what Jobdeck needs, builds it, and starts it. Arguments go to jobdeck:
#   packaging/run.sh                 the window
#   packaging/run.sh --no-gui        the headless runner
#   packaging/run.sh list            any command
set -euo pipefail
cd "$(dirname "$0")/.."
packaging/install-deps.sh
source packaging/build-env.sh
cmake --preset default "${jobdeck_cmake_args[@]}" >/dev/null
cmake --build --preset default
exec build/app/jobdeck "$@"
