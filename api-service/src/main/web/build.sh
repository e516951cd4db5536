#!/usr/bin/env bash
# Builds the dashboard into $1 (Maven passes ${project.build.outputDirectory}/dashboard, so the jar serves it from
# classpath:dashboard), remembering what it built from in $2 (outside the jar's classes). Uses the machine's npm:
# nothing here downloads Node or a browser.
# Incremental: `npm ci` runs only when package-lock.json changed since the last install (a hash in node_modules),
# and the build (typecheck, bundle, unit tests unless $3 is true) only when a source changed since the last build into
# that directory (a hash in the stamp file).
set -euo pipefail
cd "$(dirname "$0")"
out=${1:?usage: build.sh <output directory> <stamp file>}
build_marker=${2:?usage: build.sh <output directory> <stamp file>}
skip_tests=${3:-false}

if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
  echo "[dashboard] npm and node are not on PATH: install Node.js 20.19+ with npm," >&2
  echo "[dashboard] or build without the dashboard: ./mvnw ... -Ddashboard.skip=true" >&2
  exit 1
fi
if ! node -e 'const [major, minor] = process.versions.node.split(".").map(Number);
              process.exit(major > 20 || (major === 20 && minor >= 19) ? 0 : 1)'; then
  echo "[dashboard] Node.js $(node --version) is too old for Vite: install 20.19+ (or build with -Ddashboard.skip=true)" >&2
  exit 1
fi

hash_of() { sha256sum "$@" | sha256sum | cut -c1-64; }

lock_hash=$(hash_of package-lock.json)
lock_marker=node_modules/.installed-lock-sha256
if [ ! -f "$lock_marker" ] || [ "$(cat "$lock_marker")" != "$lock_hash" ]; then
  echo "[dashboard] npm ci (package-lock.json changed or node_modules missing)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_hash" >"$lock_marker"
fi

sources_hash=$(hash_of package-lock.json package.json tsconfig.json vite.config.ts index.html build.sh \
  $(find src public -type f | LC_ALL=C sort))
if [ -f "$build_marker" ] && [ "$(cat "$build_marker")" = "$sources_hash" ] && [ -f "$out/index.html" ]; then
  echo "[dashboard] up to date: $out"
  exit 0
fi
echo "[dashboard] typecheck and build into $out"
npm run --silent build -- --outDir "$out" --emptyOutDir --logLevel warn
if [ "$skip_tests" != "true" ]; then
  echo "[dashboard] unit tests (node --test)"
  npm run --silent test
fi
echo "$sources_hash" >"$build_marker"
