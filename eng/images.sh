#!/usr/bin/env bash
# Builds the local PostgreSQL and RabbitMQ images from Debian's packages, for machines where
# no registry answers. Sourced by ./alliance; the official images are the contract they honour.
set -euo pipefail

ALLIANCE_LOCAL_POSTGRES_IMAGE=alliance/postgres:15
ALLIANCE_LOCAL_RABBITMQ_IMAGE=alliance/rabbitmq:3.10
ALLIANCE_OFFICIAL_POSTGRES_IMAGE=docker.io/library/postgres:18.3
ALLIANCE_OFFICIAL_RABBITMQ_IMAGE=docker.io/library/rabbitmq:4.3

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

# build_root NAME PACKAGES... : a minbase Debian root with the packages, imported as an image.
build_root() {
  local tag=$1; shift
  local root; root=$(mktemp -d /tmp/alliance-root.XXXXXX)
  chmod 755 "$root"  # mktemp makes it 0700, and it becomes the image's /
  local mirror; mirror=$(awk '/^URIs:/{print $2; exit} /^deb /{print $2; exit}' \
    /etc/apt/sources.list.d/debian.sources /etc/apt/sources.list 2>/dev/null || true)
  debootstrap --variant=minbase bookworm "$root" "${mirror:-http://deb.debian.org/debian}" >/dev/null
  # Services must not start inside the build, and Debian must not create its own cluster.
  printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"; chmod 755 "$root/usr/sbin/policy-rc.d"
  mkdir -p "$root/etc/postgresql-common"
  echo 'create_main_cluster = false' > "$root/etc/postgresql-common/createcluster.conf"
  chroot "$root" apt-get install -y -qq --no-install-recommends "$@" >/dev/null 2>&1
  chroot "$root" apt-get clean
  rm -rf "$root"/var/lib/apt/lists/* "$root/usr/sbin/policy-rc.d"
  tar -C "$root" -c . | docker import - "$tag" >/dev/null
  rm -rf "$root"
}

# A short hash of an image's build context (its Dockerfile and scripts), kept as a label on the
# image: a changed context rebuilds the image on every machine, not only where it is missing.
context_hash() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16); }

# build_image TAG CONTEXT ROOT PACKAGE: the image, unless it exists built from this context; its
# Debian root is made once per machine.
build_image() {
  local tag=$1 context=$2 root=$3 package=$4 hash
  hash=$(context_hash "$context")
  [ "$(docker image inspect -f '{{ index .Config.Labels "alliance.context" }}' "$tag" 2>/dev/null)" = "$hash" ] && return 0
  if image_exists "$tag"; then
    echo "alliance: rebuilding $tag ($context changed)"
  else
    echo "alliance: building $tag from Debian's packages (once per machine)"
  fi
  image_exists "$root" || build_root "$root" "$package"
  docker build -q --label "alliance.context=$hash" -t "$tag" "$context" >/tmp/alliance-image-build.log 2>&1 \
    || { echo "alliance: building $tag failed; see /tmp/alliance-image-build.log" >&2; return 1; }
}

# The deployed stack's edge (HAProxy from Debian's packages), made by ./alliance deploy.
ALLIANCE_HAPROXY_IMAGE=alliance/haproxy:2.6

build_haproxy_image() {
  local here; here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  build_image "$ALLIANCE_HAPROXY_IMAGE" "$here/docker/haproxy" alliance/debian-haproxy-root:2.6 haproxy
}

build_local_images() {
  local here; here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  build_image "$ALLIANCE_LOCAL_POSTGRES_IMAGE" "$here/docker/postgres" alliance/debian-postgres-root:15 postgresql-15
  build_image "$ALLIANCE_LOCAL_RABBITMQ_IMAGE" "$here/docker/rabbitmq" alliance/debian-rabbitmq-root:3.10 rabbitmq-server
}
