# Sourced by run.sh and test.sh: compile through ccache when it is installed, with paths taken relative to the
# clone, so a build in any clone of the repository reuses what another already compiled.
jobdeck_cmake_args=()
if command -v ccache >/dev/null 2>&1; then
  export CCACHE_BASEDIR="$PWD"
  # Debug builds would otherwise hash the build folder's absolute path and never share a cached object.
  export CCACHE_NOHASHDIR=1
  jobdeck_cmake_args+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
