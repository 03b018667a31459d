#!/usr/bin/env bash
# Builds the Debian package jobdeck_VERSION_amd64.deb in the repository's root and checks it with lintian:
#   packaging/deb.sh && sudo apt install ./jobdeck_*.deb
# It packages the same build as packaging/run.sh and packaging/test.sh (build-ci), building only what the package
# holds, so after either of them it takes seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
packaging/install-deps.sh
source packaging/build-env.sh

cmake --preset ci "${jobdeck_cmake_args[@]}" >/dev/null
cmake --build --preset ci --target jobdeck jobdeck_docs
rm -rf build-ci/package
cpack --config build-ci/CPackConfig.cmake -B "$PWD/build-ci/package" >build-ci/cpack.log 2>&1 || { cat build-ci/cpack.log; exit 1; }
deb=$(ls build-ci/package/jobdeck_*.deb)
# Errors fail the build; warnings fail it too (there are none today), so a new one is looked at, not missed.
# lintian refuses to run as root without being told.
lintian --fail-on error,warning --allow-root "$deb"
mv "$deb" .
echo "deb.sh: built $(basename "$deb")"
