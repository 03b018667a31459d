#!/usr/bin/env bash
# The database of the README's screenshots: two hours of finished jobs, a jobs folder next to it (PATH-jobs/), and
# work queued for a runner: long jobs with progress, retries, jobs for later, a paused queue and queue limits.
set -euo pipefail
B=${B:-build-ci}
D=${1:?usage: demo-database.sh PATH.db   (B=BUILD_DIR, default build-ci)}
J="${D%.db}-jobs" # its own folder, replaced on every run
rm -f "$D" "$D-wal" "$D-shm"
"$B/tests/support/jobdeck-gen-db" "$D" 6000 2h
rm -rf "$J"; mkdir -p "$J/triggered/nightly-report" "$J/triggered/resize-photos" "$J/triggered/archive-logs" "$J/continuous/inbox-watcher"
printf '#!/bin/sh\necho "report for $JOBDECK_PAYLOAD"\nsleep 2\n' > "$J/triggered/nightly-report/run.sh"
printf '{"schedule": "0 2 * * *", "queue": "reports", "timeout": "30m"}\n' > "$J/triggered/nightly-report/settings.job"
printf '#!/bin/sh\necho "resizing $JOBDECK_PAYLOAD"\n' > "$J/triggered/resize-photos/run.sh"
printf '{"queue": "images", "max_attempts": 3}\n' > "$J/triggered/resize-photos/settings.job"
printf '#!/bin/sh\necho archiving\n' > "$J/triggered/archive-logs/run.sh"
printf '{"is_singleton": true}\n' > "$J/triggered/archive-logs/settings.job"
printf '#!/bin/sh\nwhile true; do sleep 5; done\n' > "$J/continuous/inbox-watcher/run.sh"
JD="$B/app/jobdeck"
"$JD" --db "$D" definitions --jobs-dir "$J" >/dev/null
{
  # Long jobs with progress for the Running page (4 workers take the first ones).
  for spec in "reports 95000 3" "images 80000 1" "default 70000 0" "billing 120000 2" "images 60000 0" "default 90000 0" \
              "reports 45000 0" "images 50000 1" "billing 40000 0" "default 30000 0" "images 35000 0" "reports 65000 0"; do
    set -- $spec
    echo "{\"kind\": \"sleep\", \"queue\": \"$1\", \"priority\": $3, \"payload\": {\"ms\": $2}}"
  done
  for i in 1 2 3 4 5 6 7 8; do
    echo "{\"kind\": \"checksum\", \"queue\": \"files\", \"payload\": {\"paths\": [\"/srv/backup/2026-11-$((10+i)).tar\"], \"algorithm\": \"sha256\"}}"
  done
  # Retries waiting, and jobs for later.
  echo '{"kind": "fail", "queue": "email", "payload": {"message": "SMTP 421: try again later", "times": 9}, "max_attempts": 6, "backoff": "2m"}'
  echo '{"kind": "fail", "queue": "billing", "payload": {"message": "gateway timeout (upstream 504)", "times": 9}, "max_attempts": 4, "backoff": "3m"}'
  for m in 20 35 50 75 110; do
    echo "{\"kind\": \"cpu\", \"queue\": \"reports\", \"payload\": {\"n\": 50000000}, \"in\": \"${m}m\"}"
  done
  for i in 1 2 3 4 5 6; do
    echo "{\"kind\": \"sleep\", \"queue\": \"email\", \"payload\": {\"ms\": 800}}"
  done
} | "$JD" --db "$D" enqueue --file - >/dev/null
"$JD" --db "$D" queue pause email >/dev/null
"$JD" --db "$D" queue limit images 2 >/dev/null
"$JD" --db "$D" queue limit billing 1 >/dev/null
echo "demo database $D"
