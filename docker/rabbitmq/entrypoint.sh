#!/bin/bash
# A small stand-in for the official image's docker-entrypoint.sh, and a node of a cluster when
# RABBITMQ_CLUSTER_NODES is set (docs/messaging.md, "A cluster of brokers").
set -euo pipefail
: "${RABBITMQ_DEFAULT_USER:=guest}" "${RABBITMQ_DEFAULT_PASS:=guest}"
mkdir -p /var/lib/rabbitmq /etc/rabbitmq
cat > /etc/rabbitmq/rabbitmq.conf <<CONF
listeners.tcp.default = 5672
loopback_users.guest = false
default_user = $RABBITMQ_DEFAULT_USER
default_pass = $RABBITMQ_DEFAULT_PASS
CONF

# The node's own name as RabbitMQ forms it: short names, so rabbit@<hostname> unless told otherwise.
node=${RABBITMQ_NODENAME:-rabbit@$(hostname -s)}
[[ $node == *@* ]] || node="$node@$(hostname -s)"

# The cookie is the cluster's shared secret: nodes and the CLI tools with another one cannot talk.
# Erlang refuses a cookie file that others may read.
if [ -n "${RABBITMQ_ERLANG_COOKIE_FILE:-}" ]; then
  cookie=$(cat "$RABBITMQ_ERLANG_COOKIE_FILE") \
    || { echo "entrypoint: RABBITMQ_ERLANG_COOKIE_FILE=$RABBITMQ_ERLANG_COOKIE_FILE cannot be read" >&2; exit 1; }
  [ -n "$cookie" ] || { echo "entrypoint: $RABBITMQ_ERLANG_COOKIE_FILE is empty" >&2; exit 1; }
  rm -f /var/lib/rabbitmq/.erlang.cookie
  (umask 077 && printf '%s' "$cookie" > /var/lib/rabbitmq/.erlang.cookie)
  chmod 400 /var/lib/rabbitmq/.erlang.cookie
  unset cookie
elif [ ! -s /var/lib/rabbitmq/.erlang.cookie ]; then
  # A node of its own: a random cookie, made before anything (a CLI tool) could make a root-owned one.
  (umask 077 && od -An -N20 -tx1 /dev/urandom | tr -d ' \n' > /var/lib/rabbitmq/.erlang.cookie)
  chmod 400 /var/lib/rabbitmq/.erlang.cookie
fi

if [ -n "${RABBITMQ_CLUSTER_NODES:-}" ]; then
  read -r -a peers <<< "${RABBITMQ_CLUSTER_NODES//,/ }"
  [[ " ${peers[*]} " == *" $node "* ]] \
    || { echo "entrypoint: this node, $node, is not in RABBITMQ_CLUSTER_NODES ($RABBITMQ_CLUSTER_NODES)" >&2; exit 1; }
  [ -n "${RABBITMQ_ERLANG_COOKIE_FILE:-}" ] \
    || { echo "entrypoint: a cluster's nodes need one Erlang cookie: set RABBITMQ_ERLANG_COOKIE_FILE" >&2; exit 1; }
  # Peer discovery runs only on a node's first start (an empty data directory): it joins whichever
  # listed peer runs, or starts the cluster alone. A node that has data rejoins its cluster by itself.
  # pause_minority: three nodes, so a node cut off from both others stops serving rather than split
  # the cluster's state; it resumes when it sees them again.
  {
    echo "cluster_formation.peer_discovery_backend = classic_config"
    for i in "${!peers[@]}"; do echo "cluster_formation.classic_config.nodes.$((i + 1)) = ${peers[$i]}"; done
    echo "cluster_partition_handling = pause_minority"
  } >> /etc/rabbitmq/rabbitmq.conf
  # Nodes that start together on empty data directories race: each finds no peer running yet and
  # starts a cluster of its own, and clusters never merge. So the first listed node is the seed: any
  # other node on its first start waits (up to 10 minutes) for the seed to run, then joins it. The
  # seed itself starts at once, and joins the others if they run already (its data was lost).
  if [ "$node" != "${peers[0]}" ] && [ ! -d "/var/lib/rabbitmq/mnesia/$node" ]; then
    chown -R rabbitmq:rabbitmq /var/lib/rabbitmq
    echo "entrypoint: the first start of $node: waiting for the seed node ${peers[0]} to run"
    for _ in $(seq 1 120); do
      setpriv --reuid=rabbitmq --regid=rabbitmq --init-groups env HOME=/var/lib/rabbitmq \
        rabbitmq-diagnostics -q -n "${peers[0]}" check_running >/dev/null 2>&1 && break
      sleep 5
    done
  fi
  # A quorum queue gets replicas on the nodes that are members when it is declared, and RabbitMQ 3.10
  # never adds more by itself: a queue declared before this node joined (or came back with a fresh
  # data directory) would lack it. Once the node runs, it adds itself to every quorum queue.
  (
    for _ in $(seq 1 120); do
      sleep 5
      if setpriv --reuid=rabbitmq --regid=rabbitmq --init-groups env HOME=/var/lib/rabbitmq \
        rabbitmq-diagnostics -q check_running >/dev/null 2>&1; then
        setpriv --reuid=rabbitmq --regid=rabbitmq --init-groups env HOME=/var/lib/rabbitmq \
          rabbitmq-queues -q grow "$node" all --errors-only >/dev/null 2>&1 || true
        break
      fi
    done
  ) &
fi

chown -R rabbitmq:rabbitmq /var/lib/rabbitmq /etc/rabbitmq
exec setpriv --reuid=rabbitmq --regid=rabbitmq --init-groups env HOME=/var/lib/rabbitmq "$@"
