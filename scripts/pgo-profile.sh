#!/usr/bin/env bash
# pgo-profile.sh — regenerate cmd/rakmigrate/default.pgo, the CPU profile
# that `go build` uses for profile-guided optimisation of rakmigrate.
#
# Go builds a main package with the default.pgo beside it (-pgo=auto, the
# default since Go 1.21): the compiler inlines and lays out the hot paths
# the profile shows. The profile is a merge of the benchmarks of what users
# run on large inputs:
#   - import of tail-json and tail-text logs (cmd/rakmigrate);
#   - propose's ingest (migrate);
#   - the other formats' readers (logparse);
#   - the redacting writer every output passes through (secrets).
# Each runs a few seconds, so each weighs about the same.
#
# Run it after a change that moves where an import spends its time, then
# compare scripts/bench-import.sh before and after. A stale profile is safe:
# the compiler ignores what no longer matches, and only the gain shrinks.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

bench() { # bench NAME PACKAGE REGEX
  echo "profiling $2 ($3)…" >&2
  # -pgo=off: profile the code as it is built without a profile, so the
  # result does not depend on the profile it replaces.
  go test -pgo=off "$2" -run '^$' -bench "$3" -benchtime 3s -cpuprofile "$tmp/$1.pprof" > "$tmp/$1.txt"
}
bench import ./cmd/rakmigrate 'BenchmarkImportTail(JSON|Text)$'
bench ingest ./migrate 'BenchmarkIngest$'
bench readers ./logparse 'BenchmarkRead(SDK|SDKAppLog|CSV|JSONLines|HAR)$'
bench redact ./secrets 'BenchmarkWriter$'

go tool pprof -proto "$tmp"/*.pprof > "$tmp/merged.pgo" 2> /dev/null
mv "$tmp/merged.pgo" cmd/rakmigrate/default.pgo
echo "wrote cmd/rakmigrate/default.pgo ($(stat -c %s cmd/rakmigrate/default.pgo) bytes)" >&2
