#!/usr/bin/env bash
# Builds the image of every deployable, the console included (or those named: `pnpm images stats-svc warehouse-svc`)
# from infra/docker/Dockerfile, tagged <IMAGE_PREFIX>/<service>:<version> (IMAGE_PREFIX
# defaults to repowiki). Uses docker, else buildah; says so and stops when neither exists.
set -euo pipefail
cd "$(dirname "$0")/.."

if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
  build=(docker build)
elif command -v buildah >/dev/null 2>&1; then
  build=(buildah bud --layers)
else
  echo "pnpm images: no running docker daemon and no buildah here; nothing built." >&2
  echo "  Each image is: docker build -f infra/docker/Dockerfile --build-arg SERVICE=<service> ." >&2
  exit 1
fi

services=("$@")
if [ ${#services[@]} -eq 0 ]; then
  services=(warehouse-svc stats-svc accesslog-svc minimap-svc migration-svc scheduler-svc console)
fi
prefix=${IMAGE_PREFIX:-repowiki}
revision=$(git rev-parse HEAD 2>/dev/null || echo unknown)
created=$(date -u +%Y-%m-%dT%H:%M:%SZ)
for service in "${services[@]}"; do
  if [ ! -f "apps/$service/package.json" ]; then
    echo "pnpm images: no service apps/$service" >&2
    exit 1
  fi
  version=$(node -p "require('./apps/$service/package.json').version")
  echo "building $prefix/$service:$version"
  "${build[@]}" -f infra/docker/Dockerfile \
    --build-arg SERVICE="$service" --build-arg VERSION="$version" \
    --build-arg REVISION="$revision" --build-arg CREATED="$created" \
    -t "$prefix/$service:$version" .
done
