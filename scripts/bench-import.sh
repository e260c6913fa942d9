#!/usr/bin/env bash
# bench-import.sh N — measure `rakmigrate import` on an N-line tail-json log.
#
# Generates the log in a temporary directory, then times, on that same file:
#   - rakmigrate import --format json (throughput and peak RSS via /usr/bin/time -v)
#   - wc -l (the I/O baseline)
#   - jq -r '"\(.method) \(.url)"' | sort | uniq -c (what people do by hand)
#   - and, for the record, the same import from a pipe (cat log | rakmigrate
#     import -) next to cat log | wc -l
# and prints the ratios against the targets (import >= 35% of wc -l
# throughput, >= 50x the jq pipeline, peak RSS <= 64 MiB).
#
# Every timed command runs REPEAT times (default 3) and its fastest run
# counts, so a moment of noise on a shared machine does not decide a figure,
# and each side of a ratio is measured the same way (the jq pipeline too,
# though it takes seconds a run); peak RSS is the largest of REPEAT more
# import runs under GNU time.
#
# Needs: go, jq, GNU time (/usr/bin/time), awk. On Debian/Ubuntu:
#   sudo apt-get install -y jq time gawk
set -euo pipefail

N=${1:-1000000}
case "$N" in ''|*[!0-9]*) echo "usage: [REPEAT=3] $0 N   (number of log lines, e.g. 1000000)" >&2; exit 2 ;; esac
REPEAT=${REPEAT:-3}
case "$REPEAT" in ''|*[!0-9]*|0) echo "REPEAT=$REPEAT: want a number of runs, 1 or more" >&2; exit 2 ;; esac

missing=()
command -v jq >/dev/null || missing+=(jq)
[ -x /usr/bin/time ] || missing+=(time)
command -v awk >/dev/null || missing+=(gawk)
command -v go >/dev/null || { echo "go is required (https://go.dev/dl/)" >&2; exit 2; }
if [ ${#missing[@]} -gt 0 ]; then
  echo "missing tools: ${missing[*]} — install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 2
fi

root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "building rakmigrate as released (scripts/build.sh)…" >&2
"$root/scripts/build.sh" "$tmp/rakmigrate"

log="$tmp/tail.jsonl"
echo "generating $N lines of tail-json…" >&2
awk -v n="$N" 'BEGIN {
  srand(42)
  split("GET /v1/customers/cus_|POST /v1/payment_intents|GET /v1/payment_intents/pi_|POST /v1/payment_intents/pi_/confirm|GET /v1/prices|POST /v1/customers|GET /v1/products/prod_|POST /v1/subscriptions|GET /v1/invoices/in_|POST /v1/refunds|GET /v1/customers/search|POST /v1/checkout/sessions", ops, "|")
  alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
  # ids are cut from one long random string: one rand() per id, not 14
  pool = ""
  for (k = 0; k < 8192; k++) pool = pool substr(alnum, int(rand() * 62) + 1, 1)
  t = 1772619302
  for (i = 1; i <= n; i++) {
    op = ops[int(rand() * 12) + 1]
    split(op, mp, " ")
    path = mp[2]
    id = substr(pool, int(rand() * 8170) + 1, 14)
    if (path ~ /_$/) path = path id
    else if (path ~ /_\//) sub(/_\//, "_" id "/", path)
    status = (rand() < 0.01) ? 403 : 200
    err = "null"
    if (status == 403) err = "{\"type\":\"invalid_request_error\",\"message\":\"The provided key '\''rk_test_****abc123'\'' does not have the required permissions for this endpoint on account '\''acct_1Abc'\''. Having the '\''rak_charge_write'\'' permission would allow this request to continue.\"}"
    if (i % 50 == 0) t++
    printf "{\"livemode\":false,\"method\":\"%s\",\"url\":\"%s\",\"status\":%d,\"request_id\":\"req_%s\",\"created_at\":%d,\"error\":%s}\n", mp[1], path, status, id, t, err
  }
}' > "$log"

bytes=$(stat -c %s "$log")
# Write the new file out first, so the kernel flushing it in the background
# competes with none of the tools; then warm the page cache so every tool
# reads from memory.
sync
cat "$log" > /dev/null

# clock sets REPLY to the time in seconds: bash's own clock where it has
# one, so taking the time forks nothing (a `date` child, or even a $(...)
# subshell, adds milliseconds to every timing, the short wc -l most of all).
clock() {
  if [ -n "${EPOCHREALTIME:-}" ]; then REPLY=${EPOCHREALTIME/,/.}; else REPLY=$(date +%s.%N); fi
}
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

min() { awk -v a="$1" -v b="$2" 'BEGIN { print (b == "" || a < b) ? a : b }'; }
max() { awk -v a="$1" -v b="$2" 'BEGIN { print (b == "" || a > b) ? a : b }'; }

wc_s="" imp_s="" rss_kb="" pwc_s="" pimp_s=""
for _ in $(seq "$REPEAT"); do
  clock; t0=$REPLY; wc -l "$log" > /dev/null; clock; t1=$REPLY
  wc_s=$(min "$(elapsed "$t0" "$t1")" "$wc_s")

  clock; t0=$REPLY; cat "$log" | wc -l > /dev/null; clock; t1=$REPLY
  pwc_s=$(min "$(elapsed "$t0" "$t1")" "$pwc_s")
  clock; t0=$REPLY; cat "$log" | "$tmp/rakmigrate" import --format json - > /dev/null 2>&1; clock; t1=$REPLY
  pimp_s=$(min "$(elapsed "$t0" "$t1")" "$pimp_s")

  clock; t0=$REPLY
  "$tmp/rakmigrate" import --format json "$log" > "$tmp/out.json" 2> "$tmp/err.txt"
  clock; t1=$REPLY
  imp_s=$(min "$(elapsed "$t0" "$t1")" "$imp_s")

  # Peak RSS from a run of its own: GNU time's wrapper is not timed.
  /usr/bin/time -v -o "$tmp/time.txt" "$tmp/rakmigrate" import --format json "$log" > /dev/null 2>&1
  rss_kb=$(max "$(awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); print $2 }' "$tmp/time.txt")" "$rss_kb")
done
got=$(jq .requests "$tmp/out.json")

jq_s=""
for _ in $(seq "$REPEAT"); do
  clock; t0=$REPLY
  jq -r '"\(.method) \(.url)"' "$log" | sort | uniq -c > /dev/null
  clock; t1=$REPLY
  jq_s=$(min "$(elapsed "$t0" "$t1")" "$jq_s")
done

awk -v n="$N" -v bytes="$bytes" -v wc="$wc_s" -v imp="$imp_s" -v jq="$jq_s" -v rss="$rss_kb" -v got="$got" \
  -v pwc="$pwc_s" -v pimp="$pimp_s" 'BEGIN {
  mb = bytes / 1048576
  printf "lines: %d (%.1f MiB), import counted %d requests\n", n, mb, got
  printf "%-28s %8.3f s %9.1f MiB/s %12.0f lines/s\n", "rakmigrate import", imp, mb / imp, n / imp
  printf "%-28s %8.3f s %9.1f MiB/s %12.0f lines/s\n", "wc -l", wc, mb / wc, n / wc
  printf "%-28s %8.3f s %9.1f MiB/s %12.0f lines/s\n", "jq | sort | uniq -c", jq, mb / jq, n / jq
  printf "%-28s %8.3f s %9.1f MiB/s %12.0f lines/s\n", "cat | rakmigrate import -", pimp, mb / pimp, n / pimp
  printf "%-28s %8.3f s %9.1f MiB/s %12.0f lines/s\n", "cat | wc -l", pwc, mb / pwc, n / pwc
  r_wc = wc / imp * 100; r_jq = jq / imp; rss_mb = rss / 1024
  printf "import vs wc -l: %.0f%% of its throughput (target >= 35%%) %s\n", r_wc, (r_wc >= 35 ? "ok" : "MISSED")
  printf "import vs jq pipeline: %.1fx faster (target >= 50x) %s\n", r_jq, (r_jq >= 50 ? "ok" : "MISSED")
  printf "import peak RSS: %.1f MiB (target <= 64 MiB) %s\n", rss_mb, (rss_mb <= 64 ? "ok" : "MISSED")
}'
if [ "$got" != "$N" ]; then
  echo "import counted $got requests, expected $N" >&2
  exit 1
fi
