#!/usr/bin/env bash
# Runs the GUI tests (package app and its subpackages, Fyne's headless
# driver) N times in a row and reports how many runs failed. Not part of
# CI: it is the check that the suite is not flaky.
#
#   tools/repeat-gui-tests.sh [N] [go test flags...]    (N defaults to 50)
#   tools/repeat-gui-tests.sh 50 -race
#
# Each package's test binary is compiled once (go test -c) and run N times,
# so the runs cost the tests' time only. A failing run's output is kept in
# the temporary folder named at the end.
set -uo pipefail
cd "$(dirname "$0")/.."
n=${1:-50}
shift || true
out=$(mktemp -d)
pkgs=$(go list ./app/...)
fail=0
for p in $pkgs; do
	name=$(basename "$p")
	bin="$out/$name.test"
	nice go test -c -tags ci "$@" -o "$bin" "$p" || { echo "build of $p failed"; exit 1; }
	[ -x "$bin" ] || continue # no tests
	dir=$(go list -f '{{.Dir}}' "$p")
	pfail=0
	for i in $(seq 1 "$n"); do
		if ! (cd "$dir" && nice "$bin" -test.count=1 >"$out/$name.$i.log" 2>&1); then
			pfail=$((pfail + 1))
			echo "$p: run $i failed (log: $out/$name.$i.log)"
		else
			rm -f "$out/$name.$i.log"
		fi
	done
	echo "$p: $pfail of $n runs failed"
	fail=$((fail + pfail))
done
echo "total: $fail failed runs; logs in $out"
[ "$fail" = 0 ]
