#!/usr/bin/env bash
# The package test (CTest: package): makes the Debian package from a build directory, checks it with lintian,
# unpacks it into a scratch root, and runs and checks what it installed there.
#   packaging/test-package.sh BUILD_DIR VERSION
set -euo pipefail
build=$(realpath "$1")
version=$2
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
failures=0
check() { # check DESCRIPTION COMMAND...: runs the command, and counts it as a failure if it fails
  local what=$1
  shift
  if "$@"; then echo "ok   $what"; else echo "FAIL $what"; failures=$((failures + 1)); fi
}

cpack --config "$build/CPackConfig.cmake" -B "$scratch/package" >"$scratch/cpack.log" 2>&1 || { cat "$scratch/cpack.log"; exit 1; }
deb=$(ls "$scratch"/package/jobdeck_*.deb)
check "the package is named jobdeck_${version}_amd64.deb" test "$(basename "$deb")" = "jobdeck_${version}_amd64.deb"
check "lintian finds no error or warning" lintian --fail-on error,warning --allow-root "$deb"
depends=$(dpkg-deb -f "$deb" Depends)
for plugin in libqt6sql6-sqlite libqt6sql6-psql qt6-qpa-plugins libqt6svg6 libqt6core6 libqt6widgets6 libsqlite3-0 libssl3 libpq5; do
  check "Depends names $plugin" grep -qw -- "$plugin" <<<"$depends"
done

root=$scratch/root
dpkg -x "$deb" "$root"
jobdeck=$root/usr/bin/jobdeck
export HOME=$scratch/home QT_QPA_PLATFORM=offscreen
mkdir -p "$HOME"
unset JOBDECK_DB

check "jobdeck --version prints the project's version" test "$("$jobdeck" --version)" = "jobdeck $version"
db=$scratch/jobs.db
id=$("$jobdeck" --db "$db" enqueue noop --key package-test)
check "jobdeck enqueue prints the new job's id" test "$id" = 1
check "jobdeck --no-gui --drain runs it and exits 0" "$jobdeck" --db "$db" --no-gui --drain --quiet
check "the job succeeded" grep -q '"state": "succeeded"' <("$jobdeck" --db "$db" show "$id" --json)

share=$root/usr/share
check "the desktop file is valid" desktop-file-validate "$share/applications/org.jobdeck.Jobdeck.desktop"
check "the metainfo is valid" appstreamcli validate --no-net "$share/metainfo/org.jobdeck.Jobdeck.metainfo.xml"
for size in 16x16 32x32 48x48 64x64 128x128 256x256 512x512; do
  check "a ${size} icon" test "$(file -b "$share/icons/hicolor/$size/apps/jobdeck.png" | cut -d, -f2 | tr -d ' ')" = "$size"
done
check "the scalable icon is the window's" cmp "$share/icons/hicolor/scalable/apps/jobdeck.svg" "$(dirname "$0")/../resources/icons/jobdeck.svg"

man=$share/man/man1/jobdeck.1.gz
check "man reads the manual page without a warning" \
  test -z "$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l "$man" 2>&1 >/dev/null)"
page=$(zcat "$man")
commands=$("$jobdeck" --help | sed -n 's/^Commands: \(.*\) (jobdeck COMMAND --help)\.$/\1/p' | tr -d ,)
check "jobdeck --help lists the commands" test -n "$commands"
for command in $commands; do
  check "the manual page has a section for $command" grep -q "^\.SS \"jobdeck $command[ \"]" <<<"$page"
done
check "the manual page describes schedule add --misfire" grep -q '^\\fB\\-\\-misfire\\fR' <<<"$page"

completion=$share/bash-completion/completions/jobdeck
complete_words() { # complete_words WORD...: what the completion offers for the last word
  bash -c '_init_completion() { words=("${COMP_WORDS[@]}"); cword=$COMP_CWORD; cur=${words[cword]}; prev=${words[cword-1]}; }
           source "$0"; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _jobdeck; echo "${COMPREPLY[*]}"' "$completion" "$@"
}
check "bash completes commands" test "$(complete_words jobdeck sch)" = schedule
check "bash completes subcommands" test "$(complete_words jobdeck schedule r)" = "rm resume run"
check "bash completes a subcommand's options" test "$(complete_words jobdeck --db x schedule add --mis)" = --misfire

units=$root/usr/lib/systemd
check "the system service runs as jobdeck with hardening" \
  grep -qx 'User=jobdeck' "$units/system/jobdeck.service"
for option in ProtectSystem=strict NoNewPrivileges=yes ProtectHome=yes PrivateTmp=yes StateDirectory=jobdeck; do
  check "the system service sets $option" grep -qx "$option" "$units/system/jobdeck.service"
done
check "a user service" grep -q '^ExecStart=/usr/bin/jobdeck --no-gui$' "$units/user/jobdeck.service"
check "sysusers.d creates the jobdeck user" grep -q '^u jobdeck ' "$root/usr/lib/sysusers.d/jobdeck.conf"

if [ "$failures" -ne 0 ]; then
  echo "$failures check(s) of the package failed"
  exit 1
fi
echo "all checks of the package passed"
