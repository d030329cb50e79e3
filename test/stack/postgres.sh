# shellcheck shell=bash
# PostgreSQL 15 from Debian, as a cluster of its own owned by the `postgres` user (initdb and the
# server refuse to run as root), listening only on 127.0.0.1 and a private socket directory.
#
# The cluster lives in .data/stack/postgres/cluster when the postgres user can reach that
# directory. A checkout inside a private directory (mktemp -d makes them 0700) is out of its
# reach; the cluster then lives under /var/tmp/paved-postgres-<hash of the stack directory>, and
# .data/stack/postgres/cluster-location says where.

PG_BIN=/usr/lib/postgresql/15/bin

postgres_dir() { echo "$STACK_DIR/postgres"; }

# Runs a command as the postgres user when we are root, as ourselves otherwise; from / so that
# a working directory it may not enter does not matter.
as_pg() {
  if ((EUID == 0)); then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

# Where the cluster (data, socket, log) is, or will be.
postgres_cluster() {
  local dir
  dir=$(postgres_dir)
  if [[ -f $dir/cluster-location ]]; then
    cat "$dir/cluster-location"
    return
  fi
  mkdir -p "$dir"
  local cluster=$dir/cluster
  if ((EUID == 0)); then
    # Opening our own directories to the postgres user is fine; anything above the checkout is
    # the machine's business, so when that blocks it, use a place of its own instead.
    local d=$dir
    while [[ $d == "$PAVED_ROOT"/* ]]; do chmod o+x "$d"; d=$(dirname "$d"); done
    if ! as_pg test -x "$dir"; then
      cluster=/var/tmp/paved-postgres-$(echo -n "$dir" | sha256sum | cut -c1-12)
    fi
  fi
  echo "$cluster" >"$dir/cluster-location"
  echo "$cluster"
}

postgres_status() {
  local dir cluster
  dir=$(postgres_dir)
  [[ -f $dir/cluster-location ]] || { echo "postgres: not running"; return 1; }
  cluster=$(postgres_cluster)
  if [[ -f $dir/env && -f $cluster/data/PG_VERSION ]] &&
    as_pg "$PG_BIN/pg_ctl" -D "$cluster/data" status >/dev/null 2>&1; then
    echo "postgres: running ($(grep DATABASE_URL "$dir/env"))"
  else
    echo "postgres: not running"
    return 1
  fi
}

postgres_up() {
  "$PAVED_ROOT/scripts/bootstrap" --postgres
  local dir cluster port
  dir=$(postgres_dir)
  cluster=$(postgres_cluster)
  mkdir -p "$cluster"
  ((EUID == 0)) && chown postgres: "$cluster"
  if [[ ! -f $cluster/data/PG_VERSION ]]; then
    log "creating a PostgreSQL 15 cluster in $cluster"
    rm -rf "$cluster/data"
    as_pg "$PG_BIN/initdb" -D "$cluster/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; die "initdb failed"; }
  fi
  port=$(free_port)
  log "starting PostgreSQL 15 on 127.0.0.1:$port"
  as_pg "$PG_BIN/pg_ctl" -D "$cluster/data" -l "$cluster/postgres.log" -w -t 60 \
    -o "-p $port -k $cluster -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
    start >/dev/null || { tail -n 20 "$cluster/postgres.log" >&2; die "PostgreSQL did not start; see $cluster/postgres.log"; }
  cat >"$dir/env" <<ENV
DATABASE_URL=postgresql://postgres:postgres@127.0.0.1:$port/postgres
POSTGRES_HOST=127.0.0.1
POSTGRES_PORT=$port
POSTGRES_USER=postgres
POSTGRES_PASSWORD=postgres
ENV
}

postgres_down() {
  local dir cluster
  dir=$(postgres_dir)
  [[ -f $dir/cluster-location ]] || return 0
  cluster=$(postgres_cluster)
  if [[ -f $cluster/data/PG_VERSION ]] && as_pg "$PG_BIN/pg_ctl" -D "$cluster/data" status >/dev/null 2>&1; then
    log "stopping PostgreSQL"
    as_pg "$PG_BIN/pg_ctl" -D "$cluster/data" -m fast -w stop >/dev/null || true
  fi
}

postgres_purge() {
  local dir cluster
  dir=$(postgres_dir)
  postgres_down
  if [[ -f $dir/cluster-location ]]; then
    cluster=$(postgres_cluster)
    rm -rf "$cluster"
  fi
  rm -rf "$dir"
}
