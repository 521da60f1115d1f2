#!/usr/bin/env bash
# Installs what building and testing Latent Explorer needs on Debian/Ubuntu:
# a C compiler and the OpenGL/X11 headers for Fyne, Xvfb and ImageMagick for
# the screenshot test, poppler-utils for the PDF export test, GNU time for
# the hostile corpus's peak-RSS limits. Installs only
# what is missing; uses sudo only when not root.
set -euo pipefail
pkgs=(gcc pkg-config libgl1-mesa-dev xorg-dev xvfb xauth imagemagick poppler-utils time)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	echo "installing: ${missing[*]}"
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
go mod download
