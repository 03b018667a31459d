#!/usr/bin/env bash
# Installs what Jobdeck needs, builds it, and starts it. Arguments go to jobdeck:
#   packaging/run.sh                 the window
#   packaging/run.sh --no-gui        the headless runner
#   packaging/run.sh list            any command
# It builds in build-ci, as packaging/test.sh and packaging/deb.sh do, so running them all compiles Jobdeck once;
# it builds only the jobdeck binary, not the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
packaging/install-deps.sh
source packaging/build-env.sh
cmake --preset ci "${jobdeck_cmake_args[@]}" >/dev/null
cmake --build --preset ci --target jobdeck
exec build-ci/app/jobdeck "$@"
