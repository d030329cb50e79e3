# Shared by scripts/*: paths, the pinned toolchain on PATH, and small helpers.
# shellcheck shell=bash

PAVED_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PAVED_TOOLS=$PAVED_ROOT/.tools
PAVED_DATA=${PAVED_DATA_DIR:-$PAVED_ROOT/.data}
# Where scripts/stack keeps its services and writes their coordinates; scripts/test points both
# elsewhere so that its throwaway services never touch the ones you run by hand.
PAVED_STACK_DIR=${PAVED_STACK_DIR:-$PAVED_DATA/stack}
PAVED_STACK_ENV=${PAVED_STACK_ENV:-$PAVED_DATA/stack.env}

# Node 24 is the runtime Backstage needs; the machine's own Node (20) is too old.
PAVED_NODE_VERSION=24.22.3
PAVED_NODE_SHA256=6d747cda21df616c78e9ed4f8a816cbacd25f24c1abb4d9aa26773d000e24bd9
PAVED_YARN_RELEASE=$PAVED_ROOT/.yarn/releases/yarn-4.18.1.cjs

export PATH=$PAVED_TOOLS/bin:$PATH
# Native addons (better-sqlite3, keytar, ...) build against the headers shipped with the Node we
# run, instead of node-gyp downloading them (which fails offline).
if [[ -d $PAVED_TOOLS/node/include/node ]]; then
  export npm_config_nodedir=$PAVED_TOOLS/node
fi
export NEXT_TELEMETRY_DISABLED=1 YARN_ENABLE_TELEMETRY=0 BACKSTAGE_CLI_TELEMETRY=0

log() { printf '\033[1m[%s]\033[0m %s\n' "${PAVED_LOG_TAG:-paved}" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Prints a free TCP port on 127.0.0.1.
free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}
