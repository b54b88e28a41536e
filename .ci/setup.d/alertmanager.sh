#!/usr/bin/env bash
# Installs Debian's prometheus-alertmanager package: the Alertmanager bridge's test starts a real
# Alertmanager (on a free port of its own) and checks the pages it sends. Idempotent.
set -euo pipefail
bash "$(dirname "$0")/../apt-install.sh" prometheus-alertmanager prometheus-alertmanager
