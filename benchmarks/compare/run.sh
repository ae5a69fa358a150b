#!/usr/bin/env bash
# Peer comparison of SimulateCustomPolicy: iamsim against the npm package
# @cloud-copilot/iam-simulate, on the same workloads
# (benchmarks/testdata/simulate-1x1.json, simulate-10x50x20.json), in one run.
#
#   bash benchmarks/compare/run.sh            # from anywhere in the repo
#   BENCHTIME=2s bash benchmarks/compare/run.sh
#
# The npm package (pinned in package.json and package-lock.json) installs
# into benchmarks/compare/node_modules/, which git ignores; it is never a
# dependency of the Go module. Needs go, node (20 or later) and npm.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

for tool in go node npm; do
	command -v "$tool" >/dev/null || { echo "run.sh: $tool is required" >&2; exit 1; }
done

want="$(node -p "require('$here/package.json').dependencies['@cloud-copilot/iam-simulate']")"
have="$(node -p "try { require('$here/node_modules/@cloud-copilot/iam-simulate/package.json').version } catch { '' }")"
if [ "$want" != "$have" ]; then
	echo "installing @cloud-copilot/iam-simulate@$want into $here/node_modules" >&2
	npm ci --prefix "$here" --no-audit --no-fund --loglevel=error
fi

gobench="$(mktemp)"
trap 'rm -f "$gobench"' EXIT

echo "== iamsim: go test -bench SimulateCustomPolicy" >&2
(cd "$root" && go test -count=1 -run '^$' -bench 'SimulateCustomPolicy' -benchmem -benchtime "${BENCHTIME:-1s}" ./benchmarks/) | tee "$gobench" >&2

echo "== @cloud-copilot/iam-simulate@$want on node $(node --version)" >&2
node "$here/compare.mjs" "$root/benchmarks/testdata" "$gobench"
