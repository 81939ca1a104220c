#!/usr/bin/env bash
# Run by the first code cell of every notebook here (GoNB's `!*` runs it in
# the kernel's temporary Go module): point that module at this checkout,
# wherever it is, and pin GoNB (for gonbui) to the version this checkout's
# go.mod names, since the module proxy may refuse its @latest.
# Quiet when it works, so that notebook outputs name no path of a machine.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! { gonb=$(cd "$root" && go list -m -f '{{.Version}}' github.com/janpfeifer/gonb) &&
	go mod edit -require=github.com/rotationlab/rotation@v0.0.0 -replace=github.com/rotationlab/rotation="$root" &&
	go get "github.com/janpfeifer/gonb@$gonb"; } >"$log" 2>&1; then
	echo "setting up the notebook's Go module failed:" >&2
	cat "$log" >&2
	exit 1
fi
