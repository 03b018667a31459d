#!/usr/bin/env bash
# Installs what Jobdeck needs, builds it, and starts it. Arguments go to jobdeck:
#   packaging/run.sh                 the window
#   packaging/run.sh --no-gui        the headless runner
#   packaging/run.sh list            any command
set -euo pipefail
cd "$(dirname "$0")/.."
packaging/install-deps.sh
cmake --preset default >/dev/null
cmake --build --preset default
exec build/app/jobdeck "$@"
