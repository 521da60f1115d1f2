#!/usr/bin/env bash
# Runs the real latent binary on bad input under Debian's default C.UTF-8
# locale: each must exit with status 1 (2 for a usage error) and print
# exactly one line on stderr naming the file. In-process tests cannot see
# what package initialisation prints; this does.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${LATENT_BIN:-./latent}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
: > "$tmp/empty.npy"
printf '\x93NUMPY\x01\x00v\x00{"descr": "<f4", "fortran_order": False, "shape": (100000000000, 16), }' > "$tmp/lying.npy"
printf '\x00\x01\x02\xff' > "$tmp/binary.csv"
printf 'codes = "missing.npy"\n' > "$tmp/latent.toml"
fail=0
check() { # want-status file-hint args...
	local want=$1 hint=$2; shift 2
	local status=0
	LANG=C.UTF-8 "$bin" "$@" >/dev/null 2>"$tmp/err" || status=$?
	local lines; lines=$(wc -l < "$tmp/err")
	if [ "$status" != "$want" ] || [ "$lines" != 1 ] || ! grep -q -- "$hint" "$tmp/err"; then
		echo "FAIL: latent $* → status $status (want $want), stderr ($lines lines):"; cat "$tmp/err"; fail=1
	fi
}
check 1 empty.npy info "$tmp/empty.npy"
check 1 lying.npy info "$tmp/lying.npy"
check 1 binary.csv info "$tmp/binary.csv"
check 1 missing.npy info "$tmp"
check 1 nothere.npy project --codes "$tmp/nothere.npy" --method pca -o "$tmp/xy.npy"
check 2 "latent info" info
check 2 "unknown command" frobnicate
if [ $fail = 0 ]; then echo "cli-test: 7 passed, 0 failed"; else exit 1; fi
