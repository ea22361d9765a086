#!/usr/bin/env bash
# Refresh the query editor vendored in server/static/vendor/yasqe/ from npm:
# @zazuko/yasqe, the SPARQL editor of YASGUI (MIT), at a pinned version. The built files
# are committed, so `make serve` needs no npm; run this only to move the pin.
#   scripts/vendor-yasgui.sh            # the pinned version below
#   scripts/vendor-yasgui.sh 4.6.3      # another version (then update PIN here)
set -euo pipefail
PIN="4.6.2"
version="${1:-$PIN}"
here="$(cd "$(dirname "$0")/.." && pwd)"
dest="$here/server/static/vendor/yasqe"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "@zazuko/yasqe@$version" >/dev/null && tar xzf zazuko-yasqe-*.tgz)
mkdir -p "$dest"
cp "$work/package/build/yasqe.min.js" "$work/package/build/yasqe.min.css" "$dest/"
# the bundle's source-map comment would make browsers' tools ask this server for a file it does not ship
sed -i 's|//# sourceMappingURL=.*$||' "$dest/yasqe.min.js" "$dest/yasqe.min.css"
echo "@zazuko/yasqe $version (npm), build/yasqe.min.js and build/yasqe.min.css" > "$dest/VERSION"
cat > "$dest/LICENSE" <<'LICENCE'
@zazuko/yasqe (part of YASGUI), https://github.com/zazuko/Yasgui — licence declared in its
package.json: MIT. The npm package ships no licence file; this is the MIT licence text.
The bundle includes CodeMirror 5 (MIT, Copyright (C) 2017 by Marijn Haverbeke and others).

The MIT License (MIT)

Copyright (c) Triply B.V., Zazuko GmbH and the YASGUI contributors

Permission is hereby granted, free of charge, to any person obtaining a copy of this
software and associated documentation files (the "Software"), to deal in the Software
without restriction, including without limitation the rights to use, copy, modify, merge,
publish, distribute, sublicense, and/or sell copies of the Software, and to permit persons
to whom the Software is furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or
substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED,
INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR
PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE
FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR
OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER
DEALINGS IN THE SOFTWARE.
LICENCE
echo "vendored @zazuko/yasqe $version into $dest"
