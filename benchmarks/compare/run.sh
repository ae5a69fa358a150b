#!/usr/bin/env bash
# Peer comparison of SimulateCustomPolicy: iamsim against the npm package
# @cloud-copilot/iam-simulate, on the same workloads
# (benchmarks/testdata/simulate-1x1.json, simulate-10x50x20.json), in one run.
#
#   bash benchmarks/compare/run.sh            # from anywhere in the repo
#   BENCHTIME=2s bash benchmarks/compare/run.sh
#   ROUNDS=5 bash benchmarks/compare/run.sh   # five interleaved rounds
#
# Each round runs iamsim's benchmarks and then the package's, so the two
# sides of a ratio are measured minutes apart at most; on a machine whose
# speed changes from hour to hour, more rounds, each with both sides, give
# a steadier figure than one long run. After several rounds it prints the
# median, lowest and highest of each figure.
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

rounds="${ROUNDS:-1}"
case "$rounds" in
''|*[!0-9]*|0) echo "run.sh: ROUNDS=$rounds: want a positive whole number" >&2; exit 2 ;;
esac

gobench="$(mktemp)"
ratios="$(mktemp)"
bench="$(mktemp)"
trap 'rm -f "$gobench" "$ratios" "$bench"' EXIT
# One test binary for every round.
(cd "$root" && go test -c -o "$bench" ./benchmarks/)

for round in $(seq "$rounds"); do
	[ "$rounds" -gt 1 ] && echo "== round $round of $rounds" >&2
	echo "== iamsim: go test -bench SimulateCustomPolicy" >&2
	(cd "$root/benchmarks" && "$bench" -test.count=1 -test.run '^$' -test.bench 'SimulateCustomPolicy' -test.benchmem -test.benchtime "${BENCHTIME:-1s}") | tee "$gobench" >&2
	echo "== @cloud-copilot/iam-simulate@$want on node $(node --version)" >&2
	node "$here/compare.mjs" "$root/benchmarks/testdata" "$gobench" "$ratios"
done
if [ "$rounds" -gt 1 ]; then
	node "$here/compare.mjs" --summary "$ratios"
fi
