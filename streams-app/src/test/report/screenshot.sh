#!/usr/bin/env bash
# Renders a tidewatch HTML report (HtmlReport, `replay --report`) in headless Chromium and saves a
# PNG screenshot: the check that the page opens offline in a real browser, and a picture of it.
#
#   screenshot.sh REPORT.html OUT.png [WIDTH HEIGHT]      (default 1400 2400)
#
# Uses $CHROMIUM, else /usr/bin/chromium (Debian's chromium package; .ci/setup.d/chromium.sh).
# Everything that could reach the network is switched off and the profile is a throwaway one.
set -euo pipefail

if [ $# -lt 2 ]; then
    echo "usage: $0 REPORT.html OUT.png [WIDTH HEIGHT]" >&2
    exit 2
fi
report=$(realpath "$1")
out=$(realpath -m "$2")
width=${3:-1400}
height=${4:-2400}
chromium=${CHROMIUM:-/usr/bin/chromium}

[ -r "$report" ] || { echo "no report at $report" >&2; exit 2; }
[ -x "$chromium" ] || { echo "no chromium at $chromium; run .ci/setup.d/chromium.sh" >&2; exit 3; }

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
rm -f "$out"

# A scale factor of 1 makes the PNG exactly WIDTH x HEIGHT pixels; timeout guards a hung browser.
timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync --hide-scrollbars \
    --force-device-scale-factor=1 --user-data-dir="$profile" \
    --screenshot="$out" --window-size="$width,$height" "file://$report"

[ -s "$out" ] || { echo "chromium wrote no screenshot to $out" >&2; exit 1; }
echo "$out"
