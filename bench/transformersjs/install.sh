#!/usr/bin/env bash
# Installs the transformers.js yardstick of `./tidewatch bench pipeline --against transformers.js`.
# onnxruntime-node's install script would download CUDA binaries from GitHub when it finds nvcc;
# the CPU binaries ship in the npm package, so that download is skipped.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
ONNXRUNTIME_NODE_INSTALL_CUDA=skip npm install --no-audit --no-fund
