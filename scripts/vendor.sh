#!/usr/bin/env bash
# Self-host KaTeX, Mermaid and tablesort (the execution report's sortable tables): fetch their release tarballs from the npm registry with
# `npm pack` (no dependency tree, no lock file) and keep only the browser files the site
# serves from vendor/. The versions are pinned here; bump them on purpose.
set -euo pipefail
KATEX_VERSION=0.16.47
MERMAID_VERSION=11.17.2
TABLESORT_VERSION=5.7.1

cd "$(dirname "$0")/.."
stamp="vendor/.versions"
want="katex@$KATEX_VERSION mermaid@$MERMAID_VERSION (esm) tablesort@$TABLESORT_VERSION"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
  exit 0
fi
command -v npm >/dev/null || { echo "vendor.sh: npm is needed (apt-get install npm)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent --loglevel=error "katex@$KATEX_VERSION" "mermaid@$MERMAID_VERSION" \
  "tablesort@$TABLESORT_VERSION" >/dev/null)
rm -rf vendor && mkdir -p vendor/katex/contrib vendor/mermaid vendor/tablesort
tar -xzf "$tmp/katex-$KATEX_VERSION.tgz" -C "$tmp" && mv "$tmp/package" "$tmp/katex"
cp "$tmp/katex/dist/katex.min.js" "$tmp/katex/dist/katex.min.css" vendor/katex/
cp "$tmp/katex/dist/contrib/auto-render.min.js" vendor/katex/contrib/
cp -r "$tmp/katex/dist/fonts" vendor/katex/fonts
tar -xzf "$tmp/mermaid-$MERMAID_VERSION.tgz" -C "$tmp"
# The ESM build: a small entry module that imports only the chunks a diagram type needs
# (a flowchart page loads far less than the 3.5 MB single-file build). No source maps.
cp "$tmp/package/dist/mermaid.esm.min.mjs" vendor/mermaid/
mkdir -p vendor/mermaid/chunks/mermaid.esm.min
cp "$tmp/package/dist/chunks/mermaid.esm.min/"*.mjs vendor/mermaid/chunks/mermaid.esm.min/
rm -rf "$tmp/package" && tar -xzf "$tmp/tablesort-$TABLESORT_VERSION.tgz" -C "$tmp"
cp "$tmp/package/dist/tablesort.min.js" "$tmp/package/dist/sorts/tablesort.number.min.js" vendor/tablesort/
echo "$want" > "$stamp"
echo "vendor/: $want"
