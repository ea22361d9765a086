#!/usr/bin/env bash
# Refresh axe-core (MPL-2.0), the accessibility checker the browser tests run in chromium,
# vendored for tests only in tests/resources/axe/ (never served by the app). The file is
# committed, so the tests need no npm; run this only to move the pin.
set -euo pipefail
PIN="4.10.3"
version="${1:-$PIN}"
here="$(cd "$(dirname "$0")/.." && pwd)"
dest="$here/tests/resources/axe"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "axe-core@$version" >/dev/null && tar xzf axe-core-*.tgz)
mkdir -p "$dest"
cp "$work/package/axe.min.js" "$work/package/LICENSE" "$dest/"
echo "axe-core $version (npm), axe.min.js" > "$dest/VERSION"
echo "vendored axe-core $version into $dest"
