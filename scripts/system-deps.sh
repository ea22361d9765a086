#!/usr/bin/env bash
# Debian packages the tests use: chromium + chromedriver (browser tests), raptor2-utils
# (rapper parses every dump), wrk (the load tool of scripts/bench_servers.py), virtuoso-opensource-7-bin
# (virtuoso-t + isql-vt: tests/test_virtuoso.py runs `tipkg serve --sparql-url` against it).
# Installed only when missing.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
command -v rapper >/dev/null 2>&1 || need+=(raptor2-utils)
command -v wrk >/dev/null 2>&1 || need+=(wrk)
command -v virtuoso-t >/dev/null 2>&1 || need+=(virtuoso-opensource-7-bin)
[ ${#need[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "installing Debian packages: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
