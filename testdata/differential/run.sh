#!/usr/bin/env bash
# Differential check of iamsim against @cloud-copilot/iam-simulate
# (testdata/differential/README.md). Installs the pinned npm package into
# testdata/differential/node_modules, then runs TestDifferential and
# TestDifferentialKnown in ./eval with IAMSIM_DIFFERENTIAL=1.
#
#   bash testdata/differential/run.sh            # 20,000 sets x 5 requests, seed 1
#   IAMSIM_DIFF_SETS=2000 bash testdata/differential/run.sh
#   IAMSIM_DIFF_SEED=7 bash testdata/differential/run.sh
#
# Extra arguments go to `go test` (e.g. -run TestDifferentialKnown).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

for tool in node npm go; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "run.sh: $tool is required" >&2
		exit 1
	fi
done

# Install (or reinstall after a change of package-lock.json) exactly the
# versions package-lock.json pins.
marker="$here/node_modules/.package-lock.json"
if [ ! -f "$here/node_modules/@cloud-copilot/iam-simulate/package.json" ] ||
	[ ! -f "$marker" ] || [ "$here/package-lock.json" -nt "$marker" ]; then
	npm ci --prefix "$here" --no-audit --no-fund
fi

cd "$root"
export IAMSIM_DIFFERENTIAL=1
exec go test ./eval -run '^TestDifferential' -count=1 -v -timeout 60m "$@"
