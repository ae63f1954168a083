#!/bin/sh
# Install Debian's chromium for the web app's browser tests, only when it is missing.
set -eu
if [ ! -x /usr/bin/chromium ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq chromium >/dev/null
fi
