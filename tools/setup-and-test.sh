#!/bin/sh
# Fresh Debian 12 -> installed dependencies, built tree, full test suite.
set -eu
cd "$(dirname "$0")/.."
./tools/install-deps.sh
./tools/build.sh
set +e
meson test -C build --print-errorlogs --num-processes 1
rc=$?
set -e
# One closing line in the plain form CI tools read.
log=build/meson-logs/testlog.json
if [ -f "$log" ]; then
  passed=$(grep -c '"result": "OK"' "$log" || true)
  failed=$(grep -c -E '"result": "(FAIL|TIMEOUT|ERROR|UNEXPECTEDPASS)"' "$log" || true)
  echo "$passed passed, $failed failed"
fi
exit $rc
