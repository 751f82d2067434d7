#!/usr/bin/env bash
# Builds the subject of `pnpm bench warehouse`: one committed git repository made of the HEAD
# trees of the given git repositories (one folder each, named after the repository folder) and,
# optionally, a Python site-packages-like folder (its files copied without __pycache__ and
# compiled objects). Nothing here is fetched: pass local clones. The result is not committed
# anywhere else; never add third-party code to this repository.
#
#   assemble-bench-tree.sh <out-dir> [--site-packages <dir>] <git-repo>…
#
# The README ("Benchmark") records the exact inputs used for the published numbers.
set -euo pipefail

usage() { echo "usage: $0 <out-dir> [--site-packages <dir>] <git-repo>..." >&2; exit 64; }
[ $# -ge 2 ] || usage
out=$1; shift
site=''
repos=()
while [ $# -gt 0 ]; do
  case $1 in
    --site-packages) [ $# -ge 2 ] || usage; site=$2; shift 2 ;;
    *) repos+=("$1"); shift ;;
  esac
done
[ ! -e "$out" ] || { echo "$out exists; remove it first" >&2; exit 1; }
mkdir -p "$out"

for repo in "${repos[@]}"; do
  name=$(basename "$repo")
  mkdir "$out/$name"
  git -C "$repo" archive --format=tar HEAD | tar -x -C "$out/$name"
  echo "$name: $(git -C "$repo" rev-parse HEAD)"
done

if [ -n "$site" ]; then
  mkdir "$out/site-packages"
  (cd "$site" && find . -type f -not -path '*/__pycache__/*' -not -name '*.pyc' -not -name '*.so' -print0 |
    tar --null -T - -cf -) | tar -x -C "$out/site-packages"
  echo "site-packages: $site"
fi

cd "$out"
git init -q
git add -A
GIT_AUTHOR_DATE='2026-12-01T00:00:00Z' GIT_COMMITTER_DATE='2026-12-01T00:00:00Z' \
  git -c user.name=bench -c user.email=bench@localhost commit -q -m 'bench tree'
echo "$out: $(git ls-files | wc -l) files, $(git rev-parse HEAD)"
