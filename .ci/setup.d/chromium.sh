#!/usr/bin/env bash
# Installs Debian's chromium package: the report test (io.tidewatch.report.ReportScreenshotTest)
# renders the HTML report headless and checks the screenshot. Idempotent.
set -euo pipefail
bash "$(dirname "$0")/../apt-install.sh" chromium /usr/bin/chromium
