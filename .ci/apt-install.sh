#!/usr/bin/env bash
# The shared body of the .ci/setup.d scripts that need Debian packages: installs PACKAGE unless
# every COMMAND (a name on the PATH or an absolute path) is already there. Idempotent; quiet
# unless it installs.
#
#   apt-install.sh PACKAGE COMMAND...
set -euo pipefail
package=$1
shift
for command in "$@"; do
    if ! command -v "$command" >/dev/null; then
        sudo=""
        if [ "$(id -u)" -ne 0 ]; then
            sudo="sudo"
        fi
        export DEBIAN_FRONTEND=noninteractive
        $sudo apt-get update -qq
        $sudo apt-get install -y -qq --no-install-recommends "$package" >/dev/null
        echo "installed Debian package $package"
        exit 0
    fi
done
