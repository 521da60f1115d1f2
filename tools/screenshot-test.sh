#!/usr/bin/env bash
# Launches the real latent binary on the embedded demo under Xvfb, takes a
# screenshot of the screen with ImageMagick's import, and checks that the
# window drew the map and the decoded image (not a blank frame).
# Usage: tools/screenshot-test.sh [OUT.png]   (default: testdata/failed/screenshot.png is kept only on failure)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-$(mktemp --suffix=.png)}
bin=${LATENT_BIN:-./latent}
[ -x "$bin" ] || go build -o latent .
export XDG_CACHE_HOME=$(mktemp -d) XDG_CONFIG_HOME=$(mktemp -d) FYNE_SCALE=1
xvfb-run -a -s "-screen 0 1280x800x24" bash -c "
	'$bin' &
	pid=\$!
	for i in \$(seq 1 40); do
		sleep 0.5
		if ! kill -0 \$pid 2>/dev/null; then echo 'latent exited early'; exit 1; fi
		# Wait until the window has drawn: the screen is no longer one colour.
		if [ \$i -ge 8 ]; then import -window root '$out'; break; fi
	done
	kill \$pid; wait \$pid 2>/dev/null || true
"
go run ./tools/screencheck "$out"
