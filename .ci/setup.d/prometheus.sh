#!/usr/bin/env bash
# Installs Debian's prometheus package: the metrics tests start a real Prometheus (on a free port
# of their own) scraping the app, and check the alerting rules with promtool. Idempotent.
set -euo pipefail

if command -v prometheus >/dev/null && command -v promtool >/dev/null; then
    exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends prometheus >/dev/null
prometheus --version 2>&1 | head -1
