# shellcheck shell=bash
# A Kubernetes control plane as plain processes: etcd, kube-apiserver, kube-controller-manager
# and kube-scheduler from one binary scripts/bootstrap --kubernetes builds from the Go modules
# (test/stack/kubernetes/main.go), and kwok, which plays the kubelets of two fake nodes so that
# pods are scheduled and become Ready without any container runtime. Data in .data/stack/kubernetes.
#
# Clients authenticate with bearer tokens from a static token file: an admin in system:masters
# (KUBECONFIG), paved-readonly, whom RBAC lets read but not change anything (the `view` role), and
# paved-unbound, whom RBAC grants nothing. The CA, keys and tokens are made once and kept, so a
# restart on new ports only rewrites the kubeconfigs' server line.

KUBE_START_TIMEOUT=150
KUBE_STOP_TIMEOUT=30
# In start order; stopped in reverse, so that etcd goes last and no component loses the apiserver
# mid-request more than it must.
KUBE_COMPONENTS=(etcd apiserver controller-manager scheduler kwok)
KUBE_NODES=(kwok-node-0 kwok-node-1)

kubernetes_dir() { echo "$STACK_DIR/kubernetes"; }
kubernetes_version() { awk '$1 == "k8s.io/kubernetes" { print $2; exit }' "$PAVED_ROOT/test/stack/kubernetes/go.mod"; }
kubernetes_home() { echo "$PAVED_TOOLS/kubernetes/$(kubernetes_version)"; }

# The component's pid when the process in its pid file is still that component of this cluster
# (a pid is reused once its process is gone, and a stale file must not make us signal a stranger).
kube_pid() {
  local dir pid cmdline
  dir=$(kubernetes_dir)
  [[ -f $dir/$1.pid ]] || return 1
  pid=$(<"$dir/$1.pid")
  [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
  if [[ $1 == kwok ]]; then
    [[ $cmdline == */kwok" --kubeconfig=$dir/kwok.kubeconfig "* ]] || return 1
  else
    [[ $cmdline == */paved-kube" $1 "* && $cmdline == *"$dir/"* ]] || return 1
  fi
  echo "$pid"
}

kubernetes_status() {
  local dir component down=()
  dir=$(kubernetes_dir)
  for component in "${KUBE_COMPONENTS[@]}"; do
    kube_pid "$component" >/dev/null || down+=("$component")
  done
  if ((${#down[@]} == 0)) && [[ -f $dir/env ]]; then
    echo "kubernetes: running ($(grep KUBERNETES_API "$dir/env"))"
  elif ((${#down[@]} == ${#KUBE_COMPONENTS[@]})); then
    echo "kubernetes: not running"
    return 1
  else
    echo "kubernetes: not running (${down[*]} down)"
    return 1
  fi
}

# A kubeconfig for one identity of the static token file.
kube_kubeconfig() {
  local file=$1 user=$2 token=$3 server=$4 dir
  dir=$(kubernetes_dir)
  cat >"$file.tmp" <<KUBECONFIG
# Written by test/stack/kubernetes.sh on every start; edits are lost.
apiVersion: v1
kind: Config
clusters:
- name: paved
  cluster:
    server: $server
    certificate-authority-data: $(base64 -w0 "$dir/pki/ca.crt")
users:
- name: $user
  user:
    token: $token
contexts:
- name: $user@paved
  context:
    cluster: paved
    user: $user
    namespace: default
current-context: $user@paved
KUBECONFIG
  chmod 600 "$file.tmp"
  mv "$file.tmp" "$file"
}

kube_token() { awk -F, -v user="$1" '$2 == user { print $1 }' "$(kubernetes_dir)/pki/tokens.csv"; }

# Runs a component in a session of its own, so that it outlives this script and `down` can
# signal the whole group; the inner shell writes the pid because setsid forks when it has to.
kube_start() {
  local component=$1 dir
  shift
  dir=$(kubernetes_dir)
  rm -f "$dir/$component.pid"
  # shellcheck disable=SC2016
  setsid bash -c 'echo $$ >"$1"; shift; exec "$@"' _ "$dir/$component.pid" "$@" \
    >>"$dir/$component.log" 2>&1 </dev/null &
  disown
  # Until the shell has become the component, its command line is not yet the one kube_pid
  # looks for.
  local deadline=$((SECONDS + 10))
  until kube_pid "$component" >/dev/null; do
    if [[ -s $dir/$component.pid ]] && ! kill -0 "$(<"$dir/$component.pid")" 2>/dev/null; then
      kube_fail "$component" "$component exited at once"
    fi
    ((SECONDS < deadline)) || kube_fail "$component" "$component did not start"
    sleep 0.1
  done
}

# Shows why a start failed, stops what did start, and gives up.
kube_fail() {
  local component=$1 message=$2 dir
  dir=$(kubernetes_dir)
  if [[ -f $dir/$component.log ]]; then
    log "last lines of ${dir#"$PAVED_ROOT"/}/$component.log:"
    tail -n 30 "$dir/$component.log" >&2
  fi
  kubernetes_down
  die "$message; see ${dir#"$PAVED_ROOT"/}/$component.log"
}

# Polls a check until it passes; a component that exits meanwhile fails the start at once.
kube_wait() {
  local what=$1 blame=$2 deadline=$3 component
  shift 3
  until "$@" >/dev/null 2>&1; do
    for component in "${KUBE_COMPONENTS[@]}"; do
      if [[ -s $(kubernetes_dir)/$component.pid ]] && ! kube_pid "$component" >/dev/null; then
        kube_fail "$component" "$component exited while waiting for $what"
      fi
    done
    ((SECONDS < deadline)) || kube_fail "$blame" "timed out after ${KUBE_START_TIMEOUT}s waiting for $what"
    sleep 0.5
  done
}

kube_nodes_manifest() {
  local i node
  for i in "${!KUBE_NODES[@]}"; do
    node=${KUBE_NODES[i]}
    cat <<NODE
---
apiVersion: v1
kind: Node
metadata:
  name: $node
  annotations:
    kwok.x-k8s.io/node: fake
    node.alpha.kubernetes.io/ttl: "0"
  labels:
    kubernetes.io/arch: amd64
    kubernetes.io/hostname: $node
    kubernetes.io/os: linux
    node-role.kubernetes.io/agent: ""
    type: kwok
# No NoSchedule taint as in kwok's examples: there are no real nodes here to keep pods off, and
# tests' pods need no tolerations.
status:
  addresses:
  - {type: InternalIP, address: 10.1.0.$((i + 1))}
  - {type: Hostname, address: $node}
  allocatable: {cpu: "32", memory: 256Gi, pods: "110"}
  capacity: {cpu: "32", memory: 256Gi, pods: "110"}
NODE
  done
}

kube_rbac_manifest() {
  cat <<'RBAC'
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: paved-readonly-view
subjects:
- apiGroup: rbac.authorization.k8s.io
  kind: Group
  name: paved:readonly
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: view
RBAC
}

# Every node Ready and without taints (the node controller taints a node until its first Ready).
kube_nodes_ready() {
  local ready
  ready=$("$1" --kubeconfig "$2" get nodes -o \
    jsonpath='{range .items[*]}{.status.conditions[?(@.type=="Ready")].status}/{.spec.taints}{"\n"}{end}') || return 1
  [[ $(grep -c '^True/$' <<<"$ready") -ge ${#KUBE_NODES[@]} ]]
}

kubernetes_up() {
  "$PAVED_ROOT/scripts/bootstrap" --kubernetes
  local dir home version bin kubectl
  dir=$(kubernetes_dir)
  home=$(kubernetes_home)
  version=$(kubernetes_version)
  bin=$home/paved-kube
  kubectl=$home/kubectl
  # A cluster that is only partly up (a component crashed, or the machine rebooted under it) is
  # restarted whole.
  kubernetes_down
  mkdir -p "$dir"
  chmod 700 "$dir"

  "$bin" pki "$dir/pki" || die "could not make the cluster's certificates in ${dir#"$PAVED_ROOT"/}/pki"
  if [[ ! -s $dir/pki/tokens.csv ]]; then
    local t=() i
    for i in 1 2 3 4 5 6; do t+=("$(od -An -vtx1 -N24 /dev/urandom | tr -d ' \n')"); done
    # token,user,uid,"groups". The components act as admins: on their own narrower roles the
    # controller manager would need a service account per controller, which buys a test
    # cluster nothing.
    cat >"$dir/pki/tokens.csv.tmp" <<TOKENS
${t[0]},paved-admin,paved-admin,"system:masters"
${t[1]},paved-readonly,paved-readonly,"paved:readonly"
${t[2]},paved-unbound,paved-unbound
${t[3]},system:kube-controller-manager,kube-controller-manager,"system:masters"
${t[4]},system:kube-scheduler,kube-scheduler,"system:masters"
${t[5]},paved-kwok,paved-kwok,"system:masters"
TOKENS
    chmod 600 "$dir/pki/tokens.csv.tmp"
    mv "$dir/pki/tokens.csv.tmp" "$dir/pki/tokens.csv"
  fi

  local etcd_port peer_port port
  etcd_port=$(free_port)
  peer_port=$(free_port)
  port=$(free_port)
  while [[ $peer_port == "$etcd_port" ]]; do peer_port=$(free_port); done
  while [[ $port == "$etcd_port" || $port == "$peer_port" ]]; do port=$(free_port); done
  local server=https://127.0.0.1:$port
  kube_kubeconfig "$dir/admin.kubeconfig" paved-admin "$(kube_token paved-admin)" "$server"
  kube_kubeconfig "$dir/readonly.kubeconfig" paved-readonly "$(kube_token paved-readonly)" "$server"
  kube_kubeconfig "$dir/unbound.kubeconfig" paved-unbound "$(kube_token paved-unbound)" "$server"
  kube_kubeconfig "$dir/controller-manager.kubeconfig" system:kube-controller-manager "$(kube_token system:kube-controller-manager)" "$server"
  kube_kubeconfig "$dir/scheduler.kubeconfig" system:kube-scheduler "$(kube_token system:kube-scheduler)" "$server"
  kube_kubeconfig "$dir/kwok.kubeconfig" paved-kwok "$(kube_token paved-kwok)" "$server"

  log "starting Kubernetes $version on $server (etcd 127.0.0.1:$etcd_port, ${#KUBE_NODES[@]} kwok nodes)"
  local deadline=$((SECONDS + KUBE_START_TIMEOUT))
  # No fsync: a test cluster that loses its last writes in a machine crash is cheap to purge.
  kube_start etcd "$bin" etcd --name=paved --data-dir="$dir/etcd" \
    --listen-client-urls="http://127.0.0.1:$etcd_port" --advertise-client-urls="http://127.0.0.1:$etcd_port" \
    --listen-peer-urls="http://127.0.0.1:$peer_port" --initial-advertise-peer-urls="http://127.0.0.1:$peer_port" \
    --initial-cluster="paved=http://127.0.0.1:$peer_port" --unsafe-no-fsync --log-level=warn
  kube_wait etcd etcd "$deadline" curl -fsS "http://127.0.0.1:$etcd_port/health"

  # The machine may have no default route, from which the apiserver would pick the address it
  # advertises; a loopback one is refused by the endpoint reconciler, and with no reconciler the
  # `kubernetes` Service simply has no endpoints, which nothing outside a real cluster misses.
  kube_start apiserver "$bin" apiserver \
    --etcd-servers="http://127.0.0.1:$etcd_port" \
    --bind-address=127.0.0.1 --secure-port="$port" \
    --advertise-address=127.0.0.1 --endpoint-reconciler-type=none \
    --tls-cert-file="$dir/pki/apiserver.crt" --tls-private-key-file="$dir/pki/apiserver.key" \
    --token-auth-file="$dir/pki/tokens.csv" \
    --authorization-mode=Node,RBAC \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --service-account-key-file="$dir/pki/sa.pub" --service-account-signing-key-file="$dir/pki/sa.key" \
    --service-cluster-ip-range=10.0.0.0/24 \
    --allow-privileged=true --profiling=false --enable-priority-and-fairness=false
  kube_wait "the apiserver" apiserver "$deadline" \
    curl -fsS --cacert "$dir/pki/ca.crt" -H "Authorization: Bearer $(kube_token paved-admin)" "$server/readyz"

  # One instance each, so no leader election; no serving port, so that two clusters (yours and
  # scripts/test's) never want the same one.
  kube_start controller-manager "$bin" controller-manager \
    --kubeconfig="$dir/controller-manager.kubeconfig" --leader-elect=false --secure-port=0 \
    --use-service-account-credentials=false \
    --service-account-private-key-file="$dir/pki/sa.key" --root-ca-file="$dir/pki/ca.crt"
  kube_start scheduler "$bin" scheduler \
    --kubeconfig="$dir/scheduler.kubeconfig" --leader-elect=false --secure-port=0
  # kwok would also read ~/.kwok/kwok.yaml; its work directory is moved into ours so that nothing
  # outside the checkout changes how it behaves. Pod IPs come from outside the Service range,
  # where kwok's default would put them. Node leases are off unless asked for, and without them
  # the node controller finds the nodes silent after 50s and marks them and their pods NotReady
  # (which no kwok stage undoes for a running pod).
  KWOK_WORKDIR=$dir/kwok kube_start kwok "$home/kwok" --kubeconfig="$dir/kwok.kubeconfig" \
    --config="$home/kwok-stages.yaml" --manage-all-nodes=true --node-lease-duration-seconds=40 \
    --cidr=10.244.0.0/16

  local admin=$dir/admin.kubeconfig
  { kube_nodes_manifest; echo ---; kube_rbac_manifest; } >"$dir/cluster.yaml"
  kube_wait "the nodes and RBAC to be applied" apiserver "$deadline" \
    "$kubectl" --kubeconfig "$admin" apply -f "$dir/cluster.yaml"
  kube_wait "the kwok nodes to be Ready" kwok "$deadline" kube_nodes_ready "$kubectl" "$admin"
  kube_wait "the default service account" controller-manager "$deadline" \
    "$kubectl" --kubeconfig "$admin" get serviceaccount default --namespace default

  cat >"$dir/env" <<ENV
KUBERNETES_API=$server
KUBERNETES_VERSION=$version
KUBECTL=$kubectl
KUBECONFIG=$admin
KUBE_CA_FILE=$dir/pki/ca.crt
KUBE_ADMIN_TOKEN=$(kube_token paved-admin)
KUBE_RESTRICTED_USER=paved-readonly
KUBE_RESTRICTED_TOKEN=$(kube_token paved-readonly)
KUBE_RESTRICTED_KUBECONFIG=$dir/readonly.kubeconfig
KUBE_UNBOUND_USER=paved-unbound
KUBE_UNBOUND_TOKEN=$(kube_token paved-unbound)
KUBE_UNBOUND_KUBECONFIG=$dir/unbound.kubeconfig
ENV
}

kubernetes_down() {
  local dir i component pid stopping=0
  dir=$(kubernetes_dir)
  for ((i = ${#KUBE_COMPONENTS[@]} - 1; i >= 0; i--)); do
    component=${KUBE_COMPONENTS[i]}
    pid=$(kube_pid "$component") || { rm -f "$dir/$component.pid"; continue; }
    if ((!stopping)); then log "stopping Kubernetes"; stopping=1; fi
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + KUBE_STOP_TIMEOUT))
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      log "$component did not stop within ${KUBE_STOP_TIMEOUT}s; killing it"
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
      while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
    fi
    rm -f "$dir/$component.pid"
  done
}

kubernetes_purge() {
  kubernetes_down
  rm -rf "$(kubernetes_dir)"
}
