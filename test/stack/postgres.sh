# shellcheck shell=bash
# PostgreSQL 15 from Debian as a throwaway cluster owned by the `postgres` user (initdb and the
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
  [[ -f $dir/env && -d $dir/data ]] || { echo "postgres: not running"; return 1; }
  if as_pg "$PG_BIN/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    echo "postgres: running ($(grep DATABASE_URL "$dir/env"))"
  else
    echo "postgres: stopped"
    return 1
  fi
}

postgres_up() {
  "$PAVED_ROOT/scripts/bootstrap" --postgres
  local dir port
  dir=$(postgres_dir)
  rm -rf "$dir"
  mkdir -p "$dir"
  # The data directory must be owned by postgres, and every parent traversable by it.
  if ((EUID == 0)); then
    chown postgres: "$dir"
    chmod o+x "$PAVED_DATA" "$STACK_DIR"
  fi
  port=$(free_port)
  log "starting PostgreSQL 15 on 127.0.0.1:$port"
  as_pg "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; die "initdb failed"; }
  as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null || { tail -n 20 "$dir/postgres.log" >&2; die "PostgreSQL did not start"; }
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
  if [[ -d $dir/data ]]; then
    log "stopping PostgreSQL"
    as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}
