#!/usr/bin/env bash
# Installs Debian's chromium package: the report test (io.tidewatch.report.ReportScreenshotTest)
# renders the HTML report headless and checks the screenshot. Idempotent; quiet unless it installs.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
    exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null
/usr/bin/chromium --version 2>/dev/null | head -1
