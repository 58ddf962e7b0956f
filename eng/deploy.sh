#!/usr/bin/env bash
# ./alliance deploy: the stack in deploy/swarm/ on Docker swarm (a single-node swarm here, made
# if none exists). Sourced by ./alliance, after eng/images.sh and eng/publish.sh.
set -euo pipefail

STACK=${ALLIANCE_STACK:-alliance}
DEPLOY_STATE="$STATE/deploy"
ALLIANCE_SERVICES="identity needs volunteers teams merchants points notifications"
: "${ALLIANCE_DEPLOY_PORT:=8400}" "${ALLIANCE_DEPLOY_SUBNET:=10.231.0.0/16}"
: "${ALLIANCE_PUBLIC_URL:=http://127.0.0.1:$ALLIANCE_DEPLOY_PORT}"
export ALLIANCE_DEPLOY_PORT ALLIANCE_DEPLOY_SUBNET ALLIANCE_PUBLIC_URL ALLIANCE_STACK=$STACK

ensure_swarm() {
  [ "$(docker info -f '{{.Swarm.LocalNodeState}}')" = active ] && return 0
  echo "alliance: no swarm here: making a single-node one (docker swarm init --advertise-addr 127.0.0.1)"
  docker swarm init --advertise-addr 127.0.0.1 >/dev/null
}

# The deployment's secrets: made once per checkout in .alliance/deploy/secrets.env (its owner's only),
# and given to swarm as secrets named <stack>-<name>. Swarm secrets cannot change: a value
# changed by hand needs the secret removed first (docs/deploying.md, "What an operator sets").
ensure_deploy_secrets() {
  (umask 077 && mkdir -p "$DEPLOY_STATE" && touch "$DEPLOY_STATE/secrets.env")
  local file="$DEPLOY_STATE/secrets.env"
  hex() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }
  keep() { grep -q "^$1=" "$file" || echo "$1=$2" >> "$file"; }
  keep postgres-password "$(hex 16)"
  keep rabbitmq-password "$(hex 16)"
  keep rabbitmq-cookie "$(hex 24 | tr 'a-f' 'A-F')"
  if ! grep -q '^identity-signing-key=' "$file"; then
    need openssl "install it with 'apt-get install openssl'"
    keep identity-signing-key "$(openssl genrsa 2048 2>/dev/null | base64 -w0)"
  fi
  keep identity-encryption-key "$(head -c 32 /dev/urandom | base64 -w0)"
  keep volunteers-idcard-key "$(head -c 32 /dev/urandom | base64 -w0)"
  keep points-erasure-key "$(head -c 32 /dev/urandom | base64 -w0)"
  keep street-admin-mobile "${ALLIANCE_STREET_ADMIN_MOBILE:-199$(od -An -N4 -tu4 /dev/urandom | tr -d ' ' | cut -c1-8 | awk '{ printf "%08d", $1 }')}"
  keep street-admin-password "Admin1$(hex 6)"
  local service
  for service in $ALLIANCE_SERVICES; do
    keep "$service-db-password" "$(hex 16)"
    [ "$service" = identity ] || keep "$service-client-secret" "$(hex 24)"
  done
  # What the apps read: the above, and each service's connection string and the broker's made from them.
  local name
  for name in $(cut -d= -f1 "$file" | grep -v -- '-db-password$') rabbitmq-connection $(printf '%s-db ' $ALLIANCE_SERVICES); do
    swarm_secret "$name" "$(deploy_secret_value "$name")"
  done
}

# The value of the swarm secret NAME: a line of secrets.env, or a connection string made from them.
deploy_secret_value() {
  case "$1" in
    rabbitmq-connection) printf 'amqp://alliance:%s@rabbitmq-1:5672/' "$(deploy_secret rabbitmq-password)" ;;
    *-db) printf 'Host=postgres;Port=5432;Username=%s;Password=%s;Database=%sdb' "${1%-db}" "$(deploy_secret "${1%-db}-db-password")" "${1%-db}" ;;
    *) deploy_secret "$1" ;;
  esac
}

# The secrets apps.yml gives a service's tasks, one "source target" pair a line.
service_secrets() {
  awk -v service="  $1:" '
    $0 == service { inside = 1; next }
    inside && /^  [a-z]/ { inside = 0 }
    inside && /source: .*target: / {
      gsub(/[{},]/, "")
      for (i = 1; i < NF; i++) { if ($i == "source:") source = $(i + 1); if ($i == "target:") target = $(i + 1) }
      print source, target
    }' "$ROOT/deploy/swarm/apps.yml"
}

deploy_secret() { sed -n "s/^$1=//p" "$DEPLOY_STATE/secrets.env"; }

# swarm_secret NAME VALUE: creates <stack>-NAME unless it exists (no newline: the value is the file).
swarm_secret() {
  docker secret inspect "$STACK-$1" >/dev/null 2>&1 && return 0
  printf '%s' "$2" | docker secret create --label "alliance.stack=$STACK" "$STACK-$1" - >/dev/null
}

# wait_for SECONDS WHAT COMMAND...: runs COMMAND every 2 s until it succeeds, or fails after SECONDS.
wait_for() {
  local seconds=$1 what=$2; shift 2
  local deadline=$(( $(date +%s) + seconds ))
  until "$@" >/dev/null 2>&1; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "alliance: $what did not happen within $seconds s" >&2
      return 1
    fi
    sleep 2
  done
}

# Every task of the service that should run is running and, where it has a health check, healthy.
service_ready() {
  local service="${STACK}_$1" want running
  want=$(docker service inspect -f '{{if .Spec.Mode.Replicated}}{{.Spec.Mode.Replicated.Replicas}}{{else}}1{{end}}' "$service") || return 1
  running=$(docker service ps "$service" --filter desired-state=running --format '{{.CurrentState}}' | grep -c '^Running' || true)
  [ "$running" -ge "$want" ] || return 1
  # A running container whose health check has not passed yet is not ready.
  ! docker ps --filter "label=com.docker.swarm.service.name=$service" --format '{{.Status}}' | grep -q 'health: starting\|unhealthy'
}

rabbitmq_clustered() {
  local container; container=$(docker ps -q --filter "label=com.docker.swarm.service.name=${STACK}_rabbitmq-1" | head -1)
  [ -n "$container" ] && [ "$(docker exec "$container" rabbitmqctl -q cluster_status --formatter json 2>/dev/null \
    | grep -o '"running_nodes":\[[^]]*\]' | grep -o 'rabbit@' | wc -l)" -eq 3 ]
}

# A one-shot container on the stack's network: roles, databases and migrations.
on_backend() { docker run --rm -i --network "${STACK}_backend" "$@"; }

# Each service's database and role, as the AppHost's DatabaseRoles makes them: the role owns its
# database and nothing else, no other role may connect to it. Idempotent; sets this deploy's passwords.
ensure_databases() {
  local service script=""
  for service in $ALLIANCE_SERVICES; do
    script+="\\set role '$service'
\\set database '${service}db'
\\set password '$(deploy_secret "$service-db-password")'
\\connect postgres
$(cat "$ROOT/deploy/swarm/database.sql")
"
  done
  # The password goes through the docker client's environment, not its command line.
  PGPASSWORD="$(deploy_secret postgres-password)" on_backend -e PGPASSWORD "$ALLIANCE_LOCAL_POSTGRES_IMAGE" \
    psql -q -v ON_ERROR_STOP=1 -h postgres -U postgres -d postgres <<<"$script" >/dev/null
}

# Each service migrates once, alone, before any replica of the new version starts: a one-shot
# container of the new image on the stack's network, with the secrets its tasks get (as files in a
# folder of .alliance/, which is its owner's only) and the settings it needs to be built.
run_migrations() {
  local tag=$1 service source target folder
  for service in $ALLIANCE_SERVICES; do
    echo "alliance: migrating ${service}db"
    folder=$(mktemp -d "$DEPLOY_STATE/migrate.XXXXXX")
    while read -r source target; do
      deploy_secret_value "$source" > "$folder/$target"
    done < <(service_secrets "$service")
    # The app runs as uid 10001; the folder around this one keeps the files from anyone else here.
    chmod 755 "$folder"; chmod 644 "$folder"/*
    docker run --rm --network "${STACK}_backend" -v "$folder:/run/secrets:ro" \
      -e Alliance__SecretsDirectory=/run/secrets -e Identity__Issuer="$ALLIANCE_PUBLIC_URL/api/identity/" \
      -e Identity__AllowHttp=true -e Identity__ClientId="$service" -e services__identity__http__0=http://identity:8080 \
      -e Logging__LogLevel__Default=Warning -e Logging__LogLevel__Alliance.ServiceDefaults.Database.MigrateOnly=Information \
      -e Logging__LogLevel__Microsoft.EntityFrameworkCore.Database.Command=Critical \
      "alliance/$service:$tag" --migrate-only || { rm -rf "$folder"; echo "alliance: the migrations of ${service}db failed (see above); nothing was rolled out" >&2; return 1; }
    rm -rf "$folder"
  done
}

# ./alliance deploy: publishes the images if this commit has none, then infrastructure, databases,
# migrations and the apps, and waits until every replica is healthy behind the gateway.
deploy_up() {
  # Every step ends the deploy when it fails (each says why): --verify calls this inside an 'if',
  # where bash's errexit does not apply.
  local tag=$1 started; started=$(date +%s)
  ensure_swarm || return 1
  local entry missing=()
  for entry in $ALLIANCE_APPS; do
    image_exists "alliance/${entry%%:*}:$tag" || missing+=("${entry%%:*}")
  done
  [ ${#missing[@]} -eq 0 ] || publish_apps "$tag" "${missing[@]}" || return 1
  export ALLIANCE_TAG=$tag
  # The stack runs this project's PostgreSQL and RabbitMQ images (the RabbitMQ one forms a cluster).
  build_local_images || return 1
  ensure_deploy_secrets || return 1
  echo "alliance: deploying the infrastructure (PostgreSQL, RabbitMQ x3)"
  docker stack deploy --detach=true --resolve-image never -c "$ROOT/deploy/swarm/infra.yml" "$STACK" >/dev/null || return 1
  wait_for 240 "PostgreSQL becoming healthy" service_ready postgres || return 1
  wait_for 300 "the RabbitMQ cluster forming (3 running nodes)" rabbitmq_clustered || return 1
  ensure_databases || return 1
  run_migrations "$tag" || return 1
  build_haproxy_image || return 1
  export ALLIANCE_HAPROXY_IMAGE
  ALLIANCE_EDGE_CONFIG=$(sha256sum "$ROOT/deploy/swarm/edge.cfg" | cut -c1-12); export ALLIANCE_EDGE_CONFIG
  echo "alliance: deploying the apps ($tag, 2 replicas each) and the edge"
  docker stack deploy --detach=true --resolve-image never -c "$ROOT/deploy/swarm/infra.yml" -c "$ROOT/deploy/swarm/apps.yml" "$STACK" >/dev/null || return 1
  for entry in $ALLIANCE_APPS; do
    wait_for 600 "${entry%%:*} becoming healthy at 2 replicas" service_ready "${entry%%:*}" || return 1
  done
  wait_for 60 "the edge running" service_ready edge || return 1
  wait_for 120 "the gateway answering healthy on 127.0.0.1:$ALLIANCE_DEPLOY_PORT" \
    curl -sf "http://127.0.0.1:$ALLIANCE_DEPLOY_PORT/health/services" || return 1
  echo "alliance: deployed in $(( $(date +%s) - started )) s; the gateway: http://127.0.0.1:$ALLIANCE_DEPLOY_PORT (the street admin: ${DEPLOY_STATE#"$ROOT/"}/secrets.env)"
}

deploy_down() {
  docker stack rm "$STACK" >/dev/null 2>&1 || true
  # The stack's network goes last, once its tasks are gone; volumes and secrets stay for the next deploy.
  wait_for 120 "the stack's tasks stopping" sh -c "! docker network inspect ${STACK}_backend >/dev/null 2>&1"
  echo "alliance: the stack is removed (its volumes and secrets are kept; 'docker volume rm' / 'docker secret rm' remove them)"
}

deploy_status() {
  docker service ls --filter "label=com.docker.stack.namespace=$STACK" --format 'table {{.Name}}\t{{.Replicas}}\t{{.Image}}\t{{.Ports}}'
  curl -s "http://127.0.0.1:$ALLIANCE_DEPLOY_PORT/health/services" && echo || echo "the gateway does not answer on 127.0.0.1:$ALLIANCE_DEPLOY_PORT"
}

# ./alliance deploy --verify: from nothing, its own stack (alliance-verify on 127.0.0.1:8401, its own
# secrets and volumes, removed before and after), so an operator's deployment is never touched.
deploy_verify() {
  local started; started=$(date +%s)
  STACK=alliance-verify ALLIANCE_STACK=alliance-verify DEPLOY_STATE="$STATE/deploy-verify"
  ALLIANCE_DEPLOY_PORT=${ALLIANCE_VERIFY_PORT:-8401} ALLIANCE_DEPLOY_SUBNET=10.232.0.0/16
  ALLIANCE_PUBLIC_URL="http://127.0.0.1:$ALLIANCE_DEPLOY_PORT"
  # All of the proof's traffic comes from one address and a few people: the gateway's per-IP and
  # per-user limits (each replica's own) would measure themselves, not the stack.
  export ALLIANCE_RATE_PER_USER=1000000 ALLIANCE_RATE_PER_IP=1000000 ALLIANCE_RATE_CREDENTIALS=1000000
  # Each app logs the requests it finished: how the proof sees that both replicas worked.
  export ALLIANCE_REQUEST_LOG_LEVEL=Information
  local results="$STATE/deploy-results" report="$STATE/deploy-report.md"
  rm -rf "$results" "$report"; mkdir -p "$results"
  verify_teardown
  dotnet tool restore >/dev/null
  if ! dotnet build tests/Deployment.Tests -v quiet -nologo -clp:ErrorsOnly; then
    echo "alliance: the build failed; nothing was deployed"; echo "0 passed, 1 failed, 0 skipped"; return 1
  fi
  local tag; tag=$(alliance_tag)
  publish_apps "$tag"
  # The rolling update's "new image": Needs built again under another revision label.
  docker_build "$STATE/publish/needs-next.log" -t "alliance/needs:$tag-next" \
    --build-arg BASE="$(dotnet_base_image "$(dotnet_runtime_version)")" --build-arg APP=needs \
    --build-arg VERSION="${tag%%-*}" --build-arg REVISION="${tag#*-}-next" "$STATE/publish/needs"
  local status=0
  if deploy_up "$tag"; then
    echo "# ./alliance deploy --verify ($tag, $(date -u +%Y-%m-%d))" > "$report"
    image_sizes "$tag" | sed 's/^/    /' >> "$report"
    env ALLIANCE_DEPLOY_URL="http://127.0.0.1:$ALLIANCE_DEPLOY_PORT" ALLIANCE_DEPLOY_STACK="$STACK" \
      ALLIANCE_DEPLOY_ADMIN_MOBILE="$(deploy_secret street-admin-mobile)" ALLIANCE_DEPLOY_ADMIN_PASSWORD="$(deploy_secret street-admin-password)" \
      ALLIANCE_DEPLOY_NEXT_NEEDS_IMAGE="alliance/needs:$tag-next" ALLIANCE_DEPLOY_REPORT="$report" \
      dotnet test --project tests/Deployment.Tests --no-build --results-directory "$results" --report-xunit-trx \
        --report-xunit-trx-filename Deployment.Tests.trx || status=1
  else
    status=1
    docker service ls --filter "label=com.docker.stack.namespace=$STACK" || true
  fi
  [ -f "$report" ] && { echo "alliance: the deployment, as measured now ($report):"; cat "$report"; }
  [ -n "${ALLIANCE_VERIFY_KEEP:-}" ] || verify_teardown
  echo "alliance: deploy --verify took $(( $(date +%s) - started )) s"
  summarize "$results" 1 || status=1
  return $status
}

# The proof's stack, volumes and secrets, gone.
verify_teardown() {
  docker stack rm "$STACK" >/dev/null 2>&1 || true
  wait_for 180 "the proof's stack going away" sh -c "[ -z \"\$(docker ps -q --filter label=com.docker.stack.namespace=$STACK)\" ] && ! docker network inspect ${STACK}_backend >/dev/null 2>&1"
  # A stopped task's container holds its volume until it is removed; a volume left behind would start
  # the next proof's broker nodes on an earlier cluster's data.
  docker ps -aq --filter "label=com.docker.stack.namespace=$STACK" | xargs -r docker rm -f >/dev/null 2>&1 || true
  wait_for 60 "the proof's volumes going away" sh -c "docker volume ls -q --filter label=com.docker.stack.namespace=$STACK | xargs -r docker volume rm >/dev/null 2>&1; [ -z \"\$(docker volume ls -q --filter label=com.docker.stack.namespace=$STACK)\" ]" || true
  docker secret ls -q --filter "label=alliance.stack=$STACK" | xargs -r docker secret rm >/dev/null 2>&1 || true
  rm -rf "$DEPLOY_STATE"
}
