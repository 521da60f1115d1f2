#!/usr/bin/env bash
# Runs the real latent binary on the hostile corpus that tools/hostile
# generates (paths leaving a space, links, special files, bombs, deep
# nesting, non-finite and mismatched decoders, a bad CRC, failed and
# killed writes). Each case must end with its exit status (1 for refusals)
# within its time limit and under its peak-RSS limit, print exactly one
# stderr line naming the file when it fails, and never a panic or a
# goroutine dump. LATENT_BIN picks the binary (default ./latent).
set -uo pipefail
cd "$(dirname "$0")/.."
bin=${LATENT_BIN:-./latent}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
c=$tmp/corpus
go run ./tools/hostile "$c" || exit 1
pass=0 fail=0
# run NAME WANT HINT RSS_MB SECONDS [VAR=VALUE...] -- ARGS...
run() {
	local name=$1 want=$2 hint=$3 rss=$4 secs=$5; shift 5
	local envs=()
	while [ "$1" != -- ]; do envs+=("$1"); shift; done
	shift
	local status=0
	env LANG=C.UTF-8 "${envs[@]}" timeout -s KILL "$secs" /usr/bin/time -f %M -o "$tmp/rss" \
		"$bin" "$@" >/dev/null 2>"$tmp/err" || status=$?
	local kb; kb=$(tail -1 "$tmp/rss" 2>/dev/null | grep -E '^[0-9]+$' || echo 0)
	grep -v '^Command exited with non-zero status' "$tmp/err" > "$tmp/err2" || true
	local lines; lines=$(wc -l < "$tmp/err2")
	local why=""
	[ "$status" = 137 ] && why="killed after ${secs}s"
	[ -z "$why" ] && [ "$status" != "$want" ] && why="status $status, want $want"
	[ -z "$why" ] && [ "$kb" -gt $((rss * 1024)) ] && why="peak RSS $((kb / 1024)) MB, limit $rss MB"
	[ -z "$why" ] && grep -qE '^(panic:|fatal error:|goroutine [0-9]+ )' "$tmp/err2" && why="panic or runtime crash"
	[ -z "$why" ] && [ "$want" != 0 ] && [ "$lines" != 1 ] && why="$lines stderr lines, want 1"
	[ -z "$why" ] && [ "$want" != 0 ] && ! grep -qF -- "$hint" "$tmp/err2" && why="stderr does not name $hint"
	[ -z "$why" ] && [ "$(wc -L < "$tmp/err2")" -gt 1000 ] && why="an error line of $(wc -L < "$tmp/err2") characters"
	if [ -n "$why" ]; then
		echo "FAIL $name: $why; latent $*"; head -c 600 "$tmp/err2"; echo
		fail=$((fail + 1))
	else
		echo "ok   $name ($((kb / 1024)) MB)"
		pass=$((pass + 1))
	fi
}
mb=1024 # the peak RSS any case may reach
# Paths: a space reads only inside its folder unless --allow-outside.
run paths-dotdot 1 ../outside/codes.npy $mb 20 -- info "$c/space-dotdot"
run paths-absolute 1 /etc/passwd $mb 20 -- info "$c/space-abs"
run paths-traverse 1 ../outside/codes.npy $mb 20 -- traverse "$c/space-dotdot" -o "$tmp/t.png"
run paths-consent 0 "" $mb 20 -- info --allow-outside "$c/space-dotdot"
# Links: out of the folder refused, inside it fine.
run links-out 1 codes.npy $mb 20 -- info "$c/space-link-out"
run links-folder-out 1 up/codes.npy $mb 20 -- info "$c/space-dir-link"
run links-inside 0 "" $mb 20 -- info "$c/space-link-in"
# Special files: refused at once, never read.
run special-fifo-codes 1 fifo.npy $mb 20 -- info "$c/fifo.npy"
run special-fifo-model 1 fifo.onnx $mb 20 -- info "$c/fifo.onnx"
run special-fifo-manifest 1 space-fifo $mb 20 -- info "$c/space-fifo"
run special-zero-model 1 zero.onnx $mb 20 -- info "$c/zero.onnx"
run special-zero-manifest 1 space-zero $mb 20 -- info "$c/space-zero"
run special-zero-table 1 zero.csv $mb 20 -- info "$c/zero.csv"
run special-urandom-codes 1 urandom.npy $mb 20 -- info "$c/urandom.npy"
# Bombs: 256 MB of uint8 (2 GB as float64) from 0.25 MB, under a 512 MB budget.
run bomb-npz 1 bomb.npz $mb 30 LATENT_MEMORY_LIMIT=512M -- info "$c/bomb.npz"
run bomb-npy-gz 1 bomb.npy.gz $mb 30 LATENT_MEMORY_LIMIT=512M -- info "$c/bomb.npy.gz"
run bomb-csv-gz 1 bomb.csv.gz $mb 60 LATENT_MEMORY_LIMIT=512M -- info "$c/bomb.csv.gz"
run bomb-flag 1 bomb.npz $mb 30 -- info --memory-limit 512M "$c/bomb.npz"
run bomb-zero-width 0 "" $mb 20 -- info "$c/wide0.npy"
run bomb-one-line-csv 0 "" $mb 60 -- info "$c/oneline.csv"
run bomb-long-header 1 longheader.npy $mb 20 -- info "$c/longheader.npy"
# Deep nesting: TOML and a parquet schema.
run nesting-toml-big 1 deep-big $mb 20 -- info "$c/deep-big"
run nesting-toml-deep 1 deep-small $mb 20 -- info "$c/deep-small"
run nesting-parquet 1 deep.parquet $mb 20 -- info "$c/deep.parquet"
# Non-finite output: an error, or a warning with --allow-nonfinite.
run nonfinite-decode 1 nan.onnx $mb 20 -- decode --decoder "$c/nan.onnx" --z "$c/z.csv" -o "$tmp/d.png"
run nonfinite-traverse 1 decoder.onnx $mb 20 -- traverse "$c/space-nan" -o "$tmp/t.png"
run nonfinite-interpolate 1 decoder.onnx $mb 20 -- interpolate "$c/space-nan" --from 0 --to 1 -o "$tmp/i.png"
run nonfinite-allowed 0 "" $mb 20 -- decode --allow-nonfinite --decoder "$c/nan.onnx" --z "$c/z.csv" -o "$tmp/d.npy"
# Mismatched shapes: a vector decoder of 4 declared as 12.
run shapes-vector 1 space-vec $mb 20 -- traverse "$c/space-vec" -o "$tmp/t.png"
# Bad CRC-32 in an .npz member.
run crc-npz 1 badcrc.npz $mb 20 -- info "$c/badcrc.npz"
# Writes: a failed write names -o; a killed write's temporary is cleaned.
run write-failed 1 "$tmp/none/d.npy" $mb 20 -- decode --decoder "$c/space-vec/decoder.onnx" --z "$c/z.csv" -o "$tmp/none/d.npy"
left=$tmp/.d.npy.latent-tmp-4194305-1
: > "$left"
run write-killed 0 "" $mb 20 -- decode --decoder "$c/space-vec/decoder.onnx" --z "$c/z.csv" -o "$tmp/d.npy"
if [ -e "$left" ]; then echo "FAIL write-killed: the killed write's temporary is still there"; fail=$((fail + 1)); fi
echo "hostile-test: $pass passed, $fail failed"
[ $fail = 0 ]
