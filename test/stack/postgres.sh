# shellcheck shell=bash
# PostgreSQL 15 from Debian, as a cluster of its own owned by the `postgres` user (initdb and the
# server refuse to run as root), listening only on 127.0.0.1 and a private socket directory.

PG_BIN=/usr/lib/postgresql/15/bin

postgres_dir() { echo "$STACK_DIR/postgres"; }

# Runs a command as the postgres user when we are root, as ourselves otherwise.
as_pg() {
  if ((EUID == 0)); then runuser -u postgres -- "$@"; else "$@"; fi
}

postgres_status() {
  local dir
  dir=$(postgres_dir)
  if [[ -f $dir/env && -f $dir/data/PG_VERSION ]] &&
    as_pg "$PG_BIN/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    echo "postgres: running ($(grep DATABASE_URL "$dir/env"))"
  else
    echo "postgres: not running"
    return 1
  fi
}

postgres_up() {
  "$PAVED_ROOT/scripts/bootstrap" --postgres
  local dir port
  dir=$(postgres_dir)
  mkdir -p "$dir"
  # The data directory must be owned by postgres, and every parent traversable by it.
  if ((EUID == 0)); then
    chown postgres: "$dir"
    # Open only our own directories to it; anything above the checkout is the machine's business.
    local d=$dir
    while [[ $d == "$PAVED_ROOT"/* ]]; do chmod o+x "$d"; d=$(dirname "$d"); done
    as_pg test -x "$dir" ||
      die "PostgreSQL runs as the postgres user, which cannot reach $dir; put the checkout (or PAVED_STACK_DIR) under a directory others may traverse"
  fi
  if [[ ! -f $dir/data/PG_VERSION ]]; then
    log "creating a PostgreSQL 15 cluster in $dir/data"
    rm -rf "$dir/data"
    as_pg "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; die "initdb failed"; }
  fi
  port=$(free_port)
  log "starting PostgreSQL 15 on 127.0.0.1:$port"
  as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
    start >/dev/null || { tail -n 20 "$dir/postgres.log" >&2; die "PostgreSQL did not start; see $dir/postgres.log"; }
  cat >"$dir/env" <<ENV
DATABASE_URL=postgresql://postgres:postgres@127.0.0.1:$port/postgres
POSTGRES_HOST=127.0.0.1
POSTGRES_PORT=$port
POSTGRES_USER=postgres
POSTGRES_PASSWORD=postgres
ENV
}

postgres_down() {
  local dir
  dir=$(postgres_dir)
  if [[ -f $dir/data/PG_VERSION ]] && as_pg "$PG_BIN/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    log "stopping PostgreSQL"
    as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
  fi
}
