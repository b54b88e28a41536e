#!/usr/bin/env bash
# Installs Debian's prometheus package: the metrics tests start a real Prometheus (on a free port
# of their own) scraping the app, and check the alerting rules with promtool. Idempotent.
set -euo pipefail
bash "$(dirname "$0")/../apt-install.sh" prometheus prometheus promtool
