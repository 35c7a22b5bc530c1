#!/usr/bin/env bash
# screenshot.sh -- render an `aicn report` page in headless Chromium and save a PNG.
#
#   bash results/screenshot.sh REPORT_DIR/index.html OUT.png [WIDTH HEIGHT]
#
# Needs Debian's `chromium` (bash .ci/quickstart.sh installs it). The page is self-contained,
# so nothing is fetched from the network. Default size 1400 x 2000 pixels: the run table and
# the first figures. CHROMIUM overrides the browser command.
set -euo pipefail

if [[ $# -lt 2 ]]; then
  echo "usage: bash results/screenshot.sh PAGE.html OUT.png [WIDTH HEIGHT]" >&2
  exit 2
fi
page="$(realpath "$1")"
out="$(realpath -m "$2")"
width="${3:-1400}"
height="${4:-2000}"
browser="${CHROMIUM:-chromium}"

[[ -f "$page" ]] || { echo "screenshot: error: no such page: $1" >&2; exit 2; }
command -v "$browser" >/dev/null || { echo "screenshot: error: '$browser' not found; install the Debian package chromium" >&2; exit 2; }

# A private profile, so parallel runs do not share (or lock) one; removed afterwards.
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
rm -f "$out"
# --no-sandbox: Chromium refuses to run as root with its sandbox (CI runs as root).
# --disable-dev-shm-usage: containers often have a tiny /dev/shm. timeout: never hang CI.
timeout 90 "$browser" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars \
  --no-first-run --user-data-dir="$profile" --window-size="$width,$height" \
  --screenshot="$out" "file://$page" >/dev/null 2>&1 || true
if [[ ! -s "$out" ]]; then
  echo "screenshot: error: Chromium wrote no screenshot of $page" >&2
  exit 1
fi
echo "Screenshot: $out"
