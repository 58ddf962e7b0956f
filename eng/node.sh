#!/usr/bin/env bash
# Node.js and npm for the TypeScript client (src/Clients/typescript), which the end-to-end tests
# build and run: Debian's nodejs and npm where node is missing (Debian 12 gives Node 18; 18 or later works).
ensure_node() {
  if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then return 0; fi
  if [ "$(id -u)" != 0 ]; then
    echo "alliance: Node.js is missing and installing it needs root: run 'sudo apt-get install nodejs npm'" >&2
    return 1
  fi
  echo "alliance: installing Debian's nodejs and npm (once per machine)"
  { apt-get update -qq && apt-get install -y -qq nodejs npm; } >/tmp/alliance-apt-node.log 2>&1 \
    || { echo "alliance: apt-get could not install nodejs and npm; see /tmp/alliance-apt-node.log" >&2; return 1; }
}
