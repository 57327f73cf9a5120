#!/usr/bin/env bash
# Builds the BuildKit configuration checker into OUT (default: the repository's .tools/bin).
# Rebuilt only when its sources or the Go toolchain change: the binary's sibling .stamp file
# holds a hash of both. The BuildKit source directory is baked in with -ldflags, because the
# checker reads BuildKit's "Deprecated:" doc comments from it.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
OUT="${1:-$ROOT/.tools/bin/chartgen-buildkitd-config}"
cd "$HERE"
# The module must be in the module cache before its directory can be named.
go mod download github.com/moby/buildkit
SOURCE="$(go list -m -f '{{.Dir}}' github.com/moby/buildkit)"
if [ -z "$SOURCE" ] || [ ! -d "$SOURCE" ]; then
  echo "build.sh: cannot find the source of github.com/moby/buildkit" >&2
  exit 1
fi
STAMP="$( (go version; echo "$SOURCE"; cat go.mod go.sum ./*.go) | sha256sum | cut -d' ' -f1)"
if [ -x "$OUT" ] && [ -f "$OUT.stamp" ] && [ "$(cat "$OUT.stamp")" = "$STAMP" ] && [ -d "$SOURCE" ]; then
  exit 0
fi
mkdir -p "$(dirname "$OUT")"
go build -trimpath -ldflags "-X main.buildkitSource=$SOURCE" -o "$OUT.tmp" .
mv -f "$OUT.tmp" "$OUT"
printf '%s\n' "$STAMP" > "$OUT.stamp"
