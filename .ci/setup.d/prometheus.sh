#!/usr/bin/env bash
# Installs Debian's prometheus package: the metrics tests start a real Prometheus scraping the
# app, and check the alerting rules with promtool. Does nothing when both are already present.
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
# --no-install-recommends keeps the install to the server and promtool (no node exporter, no web assets daemon).
$sudo apt-get install -y -qq --no-install-recommends prometheus >/dev/null
# The package starts a system service on :9090; the tests start their own Prometheus on a free port.
if command -v systemctl >/dev/null && systemctl is-active --quiet prometheus 2>/dev/null; then
    $sudo systemctl stop prometheus
fi
prometheus --version | head -1
