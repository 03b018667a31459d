#!/usr/bin/env bash
# The database of the README's screenshots: two hours of finished jobs, a jobs folder next to it (PATH-jobs/), and
# work queued for a runner: long jobs with progress, retries, jobs for later, a paused queue, queue limits, a rate
# limit, ordering keys (one held by a dead payment) and pipelines (an order undone after its shipping failed).
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
# An order's saga as jobs of the folder: each step a script passing its result on, each undoable step with the
# script that undoes it.
step() { # NAME, the script on stdin
  mkdir -p "$J/triggered/$1"; cat > "$J/triggered/$1/run.py"
}
step reserve-stock <<'PY'
import json, os
order = json.loads(os.environ['JOBDECK_PAYLOAD']).get('input', {})
print('reserving 3 items for order %s' % order.get('order'))
print('##jobdeck[result] ' + json.dumps(dict(order, reservation='R-%s' % order.get('order'))))
PY
step charge-card <<'PY'
import json, os, time
order = json.loads(os.environ['JOBDECK_PAYLOAD']).get('input', {})
print('charging order %s' % order.get('order'))
if order.get('speed') == 'slow':
    for i in range(45):
        print('##jobdeck[progress] %.2f waiting for the bank' % (i / 45.0), flush=True)
        time.sleep(1)
print('##jobdeck[result] ' + json.dumps(dict(order, charge='ch_%s' % order.get('order'))))
PY
step ship-order <<'PY'
import json, os, sys
order = json.loads(os.environ['JOBDECK_PAYLOAD']).get('input', {})
if order.get('address') == 'incomplete':
    print('carrier refused the label: address incomplete', file=sys.stderr)
    sys.exit(3)
print('##jobdeck[result] ' + json.dumps(dict(order, tracking='1Z%s' % order.get('order'))))
PY
step release-stock <<'PY'
import json, os
undo = json.loads(os.environ['JOBDECK_PAYLOAD'])['compensates']['result']
print('released reservation %s' % undo.get('reservation'))
PY
step refund-card <<'PY'
import json, os
undo = json.loads(os.environ['JOBDECK_PAYLOAD'])['compensates']['result']
print('refunded charge %s' % undo.get('charge'))
PY
mkdir -p "$J/triggered/order"
printf '{"steps": [{"kind": "reserve-stock", "compensate": {"kind": "release-stock"}}, {"kind": "charge-card", "compensate": {"kind": "refund-card"}}, {"kind": "ship-order", "max_attempts": 1}]}\n' \
  > "$J/triggered/order/settings.job"
JD="$B/app/jobdeck"
"$JD" --db "$D" definitions --jobs-dir "$J" >/dev/null
# Batches that have ended, run here before the rest is queued: one clean, one with dead jobs, one without a completion.
jobs() { # COUNT KIND PAYLOAD [EXTRA FIELDS]
  for _ in $(seq "$1"); do echo "{\"kind\": \"$2\", \"payload\": $3${4:-, \"queue\": \"batch\"}}"; done
}
jobs 240 cpu '{"n": 200000}' | "$JD" --db "$D" batch add "prime tables for the maths course" --file - --then noop >/dev/null
{ jobs 180 noop '{}'; jobs 7 fail '{"message": "invoice PDF is encrypted"}' ', "max_attempts": 1, "queue": "batch"'; } \
  | "$JD" --db "$D" batch add "import November invoices" --file - --then noop >/dev/null
jobs 64 cpu '{"n": 100000}' | "$JD" --db "$D" batch add "warm the search index" --file - >/dev/null
# Orders run as pipelines: most went through; one whose label the carrier refused was undone, refund first.
for n in 5509 5510 5511 5512 5513 5514 5515 5516; do
  "$JD" --db "$D" run order --payload "{\"order\": $n}" >/dev/null
done
"$JD" --db "$D" run order --payload '{"order": 5517, "address": "incomplete"}' >/dev/null
for n in 5518 5519; do "$JD" --db "$D" run order --payload "{\"order\": $n}" >/dev/null; done
# A payment that ended dead holds its account's ordering key: the account's later payments wait behind it.
echo '{"kind": "fail", "queue": "payments", "payload": {"message": "card declined: insufficient funds", "retryable": false}, "order_key": "account-1042"}' \
  | "$JD" --db "$D" enqueue --file - >/dev/null
"$JD" --db "$D" --no-gui --drain --workers 4 --quiet >/dev/null 2>&1
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
  # Payments in order per account; webhooks under a rate limit.
  for account in 1042 1042 1042 2210 2210 3307; do
    echo "{\"kind\": \"sleep\", \"queue\": \"payments\", \"payload\": {\"ms\": 1500}, \"order_key\": \"account-$account\"}"
  done
  for i in $(seq 40); do
    echo "{\"kind\": \"noop\", \"queue\": \"webhooks\", \"priority\": 5, \"payload\": {\"event\": \"order.paid\", \"n\": $i}}"
  done
} | "$JD" --db "$D" enqueue --file - >/dev/null
# An order whose card is being charged while the window is open, and one waiting behind the long jobs.
"$JD" --db "$D" run order --payload '{"order": 5520, "speed": "slow"}' >/dev/null
"$JD" --db "$D" run order --payload '{"order": 5521}' >/dev/null
# A batch the runner works through while the window is open (two at a time, beside the long jobs), and one
# cancelled before it started.
{ jobs 3 fail '{"message": "source file is missing"}' ', "max_attempts": 1, "queue": "encode", "priority": 2';
  jobs 900 sleep '{"ms": 400}' ', "queue": "encode", "priority": 2'; } \
  | "$JD" --db "$D" batch add "re-encode the 2019 video archive" --file - --then noop --then-payload '{"notify": "ops"}' >/dev/null
jobs 120 sleep '{"ms": 60000}' | "$JD" --db "$D" batch add "resize product photos (old theme)" --file - --then noop >/dev/null
"$JD" --db "$D" batch cancel "$("$JD" --db "$D" batch list --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')" >/dev/null
"$JD" --db "$D" queue pause email >/dev/null
"$JD" --db "$D" queue limit images 2 >/dev/null
"$JD" --db "$D" queue limit billing 1 >/dev/null
"$JD" --db "$D" queue limit encode 2 >/dev/null
"$JD" --db "$D" queue rate webhooks 12/1m >/dev/null
echo "demo database $D"
