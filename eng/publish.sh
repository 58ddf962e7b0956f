#!/usr/bin/env bash
# ./alliance publish: an OCI image per app from a Release publish, on a Debian base this project
# builds itself (no registry answers here). Sourced by ./alliance, after eng/images.sh.
set -euo pipefail

# Every app that runs in a deployment: its image name and its project. An app added later goes here.
ALLIANCE_APPS="gateway:Gateway identity:Identity needs:Needs volunteers:Volunteers teams:Teams merchants:Merchants points:Points notifications:Notifications"

# What the apps need of Debian: ICU (globalization is on), tzdata (Asia/Shanghai), the CA roots, and
# the Kerberos library Npgsql looks for at start (without it, every app logs an error at start).
DOTNET_BASE_PACKAGES="libicu72 tzdata ca-certificates libgssapi-krb5-2"

# The base's tag carries a hash of what makes it, so a changed package list or Dockerfile builds a new one.
dotnet_base_key() { { echo "$DOTNET_BASE_PACKAGES"; cat "$ROOT/docker/dotnet/Dockerfile"; } | sha256sum | cut -c1-8; }

# The runtime the SDK runs on is the one the apps are built for (the SDK picks it).
dotnet_runtime_version() { dotnet --list-runtimes | awk '$1 == "Microsoft.AspNetCore.App" { v = $2 } END { print v }'; }

# alliance/dotnet:<runtime>-<key>: minbase Debian with the packages above and the ASP.NET Core shared runtime.
dotnet_base_image() { echo "alliance/dotnet:$1-$(dotnet_base_key)"; }

build_dotnet_base() {
  local runtime=$1 here=$2
  local base; base=$(dotnet_base_image "$runtime")
  image_exists "$base" && return 0
  echo "alliance: building $base (Debian with ICU and tzdata, and the ASP.NET Core $runtime runtime; once per machine)"
  need debootstrap "install it with 'apt-get install debootstrap'"
  local root; root="alliance/debian-dotnet-root:12-$(dotnet_base_key)"
  # shellcheck disable=SC2086
  image_exists "$root" || build_root "$root" $DOTNET_BASE_PACKAGES
  local dotnet_root; dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
  local context; context=$(mktemp -d /tmp/alliance-dotnet.XXXXXX)
  mkdir -p "$context/dotnet/host/fxr" "$context/dotnet/shared"
  sed "s|^FROM .*|FROM $root|" "$here/docker/dotnet/Dockerfile" > "$context/Dockerfile"
  cp "$dotnet_root/dotnet" "$dotnet_root/LICENSE.txt" "$dotnet_root/ThirdPartyNotices.txt" "$context/dotnet/"
  cp -r "$dotnet_root/host/fxr/$runtime" "$context/dotnet/host/fxr/"
  for framework in Microsoft.NETCore.App Microsoft.AspNetCore.App; do
    mkdir -p "$context/dotnet/shared/$framework"
    cp -r "$dotnet_root/shared/$framework/$runtime" "$context/dotnet/shared/$framework/"
  done
  docker_build "$context/build.log" -t "$base" "$context"
  rm -rf "$context"
}

# docker_build LOG ARGS...: a quiet docker build whose output is shown only when it fails.
docker_build() {
  local log=$1; shift
  docker build "$@" >>"$log" 2>&1 || { cat "$log" >&2; echo "alliance: docker build $* failed" >&2; return 1; }
}

# The tag of this checkout's images: the version and the commit, marked when the tree has changes.
alliance_tag() {
  local version revision
  version=$(dotnet msbuild "$ROOT/src/Gateway" -getProperty:Version 2>/dev/null || echo 0.0.0)
  revision=$(git -C "$ROOT" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
  if [ -n "$(git -C "$ROOT" status --porcelain -- src ServiceDefaults docker 2>/dev/null)" ]; then revision="$revision-dirty"; fi
  echo "$version-$revision"
}

# publish_apps TAG [APP...]: Release-publishes the apps (all by default) and builds alliance/<app>:TAG.
publish_apps() {
  local tag=$1; shift
  local here="$ROOT" runtime; runtime=$(dotnet_runtime_version)
  build_dotnet_base "$runtime" "$here"
  local wanted=" ${*:-} " entry app project
  local out="$STATE/publish"
  for entry in $ALLIANCE_APPS; do
    app=${entry%%:*}; project=${entry#*:}
    if [ -n "${*:-}" ] && [[ "$wanted" != *" $app "* ]]; then continue; fi
    echo "alliance: publishing $app (Release) as alliance/$app:$tag"
    rm -rf "$out/$app"
    mkdir -p "$out/$app/app"
    sed "s/@ASSEMBLY@/Alliance.$project/g" "$here/docker/app/Dockerfile" > "$out/$app/Dockerfile"
    dotnet publish "$here/src/$project" -c Release -o "$out/$app/app" -p:UseAppHost=false \
      -p:GenerateDocumentationFile=false -v quiet -nologo >"$out/$app.log" 2>&1 \
      || { cat "$out/$app.log" >&2; echo "alliance: publishing $app failed" >&2; return 1; }
    # Development settings stay in the repository; nothing but the app and its defaults goes in.
    rm -f "$out/$app/app"/appsettings.Development.json "$out/$app/app"/*.pdb
    docker_build "$out/$app.log" -t "alliance/$app:$tag" \
      --build-arg BASE="$(dotnet_base_image "$runtime")" --build-arg APP="$app" \
      --build-arg VERSION="${tag%%-*}" --build-arg REVISION="${tag#*-}" "$out/$app"
    docker tag "alliance/$app:$tag" "alliance/$app:latest"
  done
}

# One line per image with its size, as docker reports it.
image_sizes() {
  local tag=$1 entry app
  printf '%-11s %-40s %s\n' app image size
  for entry in $ALLIANCE_APPS; do
    app=${entry%%:*}
    docker image inspect "alliance/$app:$tag" >/dev/null 2>&1 || continue
    printf '%-11s %-40s %s\n' "$app" "alliance/$app:$tag" \
      "$(docker image inspect -f '{{.Size}}' "alliance/$app:$tag" | awk '{ printf "%.0f MB", $1 / 1000000 }')"
  done
}
