# shellcheck shell=bash
# Apache Kafka 4 as a single KRaft node that is both broker and controller, run with `java` from
# the jars scripts/bootstrap --kafka puts in .tools/kafka/<version>/libs; data in .data/stack/kafka.
#
# The quorum is static (controller.quorum.voters), so nothing in the formatted metadata names the
# controller's port and a restart may take new ports like the other services. Sourced by
# scripts/stack and by test/stack/kafka-tool (which uses only kafka_libs and kafka_java).

KAFKA_STOP_TIMEOUT=30
KAFKA_START_TIMEOUT=90

kafka_dir() { echo "$STACK_DIR/kafka"; }
kafka_version() { sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$PAVED_ROOT/test/stack/kafka/pom.xml"; }
kafka_libs() { echo "$PAVED_TOOLS/kafka/$(kafka_version)/libs"; }

# Runs a Kafka main class from the jars. The tools log only warnings, and to stderr, so that
# their tables are all that stdout carries.
kafka_java() {
  local libs
  libs=$(kafka_libs)
  [[ -d $libs ]] || die "no Kafka jars in ${libs#"$PAVED_ROOT"/}; run scripts/bootstrap --kafka"
  # C1 only and the serial collector: these JVMs live for a second or two, so startup is all
  # that counts. Without a log4j shutdown hook, a tool that logs while exiting (the console
  # producer) does not warn that it could not register one.
  java -Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$PAVED_ROOT/test/stack/kafka/log4j2.properties" \
    -Dpaved.kafka.level=WARN -Dpaved.kafka.target=SYSTEM_ERR -Dlog4j2.shutdownHookEnabled=false \
    -cp "$libs/*" "$@"
}

# The broker's pid when the process in the pid file is still our broker (a pid is reused once
# its process is gone, and a stale file must not make us signal a stranger).
kafka_pid() {
  local dir pid
  dir=$(kafka_dir)
  [[ -f $dir/pid ]] || return 1
  pid=$(<"$dir/pid")
  [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "kafka.Kafka $dir/server.properties" || return 1
  echo "$pid"
}

kafka_status() {
  local dir
  dir=$(kafka_dir)
  if kafka_pid >/dev/null && [[ -f $dir/env ]]; then
    echo "kafka: running ($(grep KAFKA_BROKERS "$dir/env"))"
  else
    echo "kafka: not running"
    return 1
  fi
}

kafka_up() {
  "$PAVED_ROOT/scripts/bootstrap" --kafka
  local dir port ctrl_port version
  dir=$(kafka_dir)
  version=$(kafka_version)
  mkdir -p "$dir"
  port=$(free_port)
  ctrl_port=$(free_port)
  while [[ $ctrl_port == "$port" ]]; do ctrl_port=$(free_port); done

  cat >"$dir/server.properties" <<PROPS
# Written by test/stack/kafka.sh on every start; edits are lost.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$ctrl_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$ctrl_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$dir/data

# One node: the internal topics default to three replicas and would never be created.
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1

# Tests create their topics, and a typo must fail rather than make a topic.
auto.create.topics.enable=false
num.partitions=1
# The first consumer of a group need not wait for others that are not coming.
group.initial.rebalance.delay.ms=0

# Retention and DeleteRecords only ever drop whole segments that are no longer active, so tests
# that expect data to go need segments that roll (1 MiB is the least Kafka 4 accepts; a topic
# can add segment.ms) and a cleaner that runs at once and often.
log.segment.bytes=1048576
log.retention.check.interval.ms=1000
log.initial.task.delay.ms=0
log.segment.delete.delay.ms=1000
PROPS

  if [[ ! -f $dir/data/meta.properties ]]; then
    local cluster_id
    cluster_id=$(kafka_java kafka.tools.StorageTool random-uuid) || die "could not make a Kafka cluster id"
    log "formatting Kafka $version storage in ${dir#"$PAVED_ROOT"/}/data"
    rm -rf "$dir/data"
    kafka_java kafka.tools.StorageTool format -t "$cluster_id" -c "$dir/server.properties" >"$dir/format.log" 2>&1 ||
      { cat "$dir/format.log" >&2; die "formatting the Kafka storage failed"; }
  fi

  log "starting Kafka $version on 127.0.0.1:$port (controller 127.0.0.1:$ctrl_port)"
  rm -f "$dir/pid"
  # A session of its own, so that it outlives this script and `down` can signal the whole
  # group; the inner shell writes the pid because setsid forks when it has to.
  # shellcheck disable=SC2016
  setsid bash -c 'echo $$ >"$1/pid"; shift; exec "$@"' _ "$dir" \
    java -Xms256m -Xmx512m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$PAVED_ROOT/test/stack/kafka/log4j2.properties" \
    -cp "$(kafka_libs)/*" kafka.Kafka "$dir/server.properties" \
    >>"$dir/broker.log" 2>&1 </dev/null &
  disown

  # Ready means registered and unfenced. The port opens before the broker may serve clients;
  # broker-api-versions fails at once when it cannot connect, and lists the broker with its
  # fencing state when it can.
  local deadline=$((SECONDS + KAFKA_START_TIMEOUT)) pid= answer=
  while ((SECONDS < deadline)); do
    [[ -z $pid && -s $dir/pid ]] && pid=$(<"$dir/pid")
    if [[ -n $pid ]] && ! kill -0 "$pid" 2>/dev/null; then
      tail -n 30 "$dir/broker.log" >&2
      die "Kafka exited during startup; see ${dir#"$PAVED_ROOT"/}/broker.log"
    fi
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      answer=$(timeout 30 "$PAVED_ROOT/test/stack/kafka-tool" broker-api-versions --bootstrap-server "127.0.0.1:$port" 2>/dev/null |
        grep -F '(id: 1 ' || true)
      [[ -n $answer && $answer != *"isFenced: true"* ]] && break
      answer=
    fi
    sleep 0.5
  done
  if [[ -z $answer ]]; then
    tail -n 30 "$dir/broker.log" >&2
    kafka_down
    die "Kafka did not become ready within ${KAFKA_START_TIMEOUT}s; see ${dir#"$PAVED_ROOT"/}/broker.log"
  fi

  cat >"$dir/env" <<ENV
KAFKA_BROKERS=127.0.0.1:$port
KAFKA_CONTROLLER=127.0.0.1:$ctrl_port
KAFKA_VERSION=$version
KAFKA_HOME=$PAVED_TOOLS/kafka/$version
KAFKA_LIBS=$(kafka_libs)
ENV
}

kafka_down() {
  local dir pid
  dir=$(kafka_dir)
  pid=$(kafka_pid) || { rm -f "$dir/pid"; return 0; }
  log "stopping Kafka"
  # SIGTERM is a controlled shutdown: the log is flushed and the next start skips recovery.
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + KAFKA_STOP_TIMEOUT))
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then
    log "Kafka did not stop within ${KAFKA_STOP_TIMEOUT}s; killing it"
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  fi
  rm -f "$dir/pid"
}

kafka_purge() {
  kafka_down
  rm -rf "$(kafka_dir)"
}
