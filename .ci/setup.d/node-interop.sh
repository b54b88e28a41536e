#!/usr/bin/env bash
# Installs the npm modules of the KafkaJS interop test (io.tidewatch.registry.KafkaJsInteropIT)
# exactly as locked; under CI=true that test fails rather than skips if they are missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
npm ci --prefix streams-app/src/test/node/interop --no-audit --no-fund
