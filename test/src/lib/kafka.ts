// Throwaway Kafka clusters for tests that need more than the single broker of scripts/stack (a
// broker that goes down, partitions that lose their leader), and Kafka's own view of group lag.
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './paths';
import { freePort, run, waitFor } from './process';

const KAFKA_STACK_DIR = path.join(REPO_ROOT, 'test/stack/kafka');
const KAFKA_TOOL = path.join(REPO_ROOT, 'test/stack/kafka-tool');

/**
 * The directory of Kafka jars: $KAFKA_LIBS, else $KAFKA_HOME/libs (scripts/stack writes both),
 * else the one scripts/bootstrap --kafka fills for test/stack/kafka/pom.xml.
 */
export function kafkaLibs(): string {
  if (process.env.KAFKA_LIBS) return process.env.KAFKA_LIBS;
  if (process.env.KAFKA_HOME) return path.join(process.env.KAFKA_HOME, 'libs');
  const pom = fs.readFileSync(path.join(KAFKA_STACK_DIR, 'pom.xml'), 'utf8');
  const version = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(pom)?.[1];
  if (!version)
    throw new Error('test/stack/kafka/pom.xml has no <kafka.version>');
  const libs = path.join(REPO_ROOT, '.tools/kafka', version, 'libs');
  if (!fs.existsSync(libs)) {
    throw new Error(`No Kafka jars in ${libs}; run scripts/bootstrap --kafka`);
  }
  return libs;
}

/** Runs one of Kafka's CLI tools (test/stack/kafka-tool names them), e.g. `topics`. */
export function kafkaTool(
  tool: string,
  args: string[],
  options: { timeoutMs?: number } = {},
) {
  return run(KAFKA_TOOL, [tool, ...args], {
    env: { ...process.env, KAFKA_LIBS: kafkaLibs() },
    timeoutMs: options.timeoutMs ?? 120_000,
  });
}

export interface KafkaClusterNode {
  nodeId: number;
  /** host:port of its PLAINTEXT listener, the same across restarts. */
  address: string;
  logFile: string;
  running: boolean;
}

export interface KafkaCluster {
  /**
   * Every broker's address, comma-separated (`bootstrap.split(',')` for kafkajs), so that clients
   * still find the cluster while one node is down.
   */
  bootstrap: string;
  /** Node 1 is a broker and the only controller; node 2, when asked for, is a broker only. */
  nodes: KafkaClusterNode[];
  dir: string;
  /**
   * Stops a node: SIGTERM by default, which is a controlled shutdown (the controller moves or
   * drops its partition leaderships before the process exits); `kill` sends SIGKILL, and the
   * controller then notices only after broker.session.timeout.ms.
   */
  stopNode(nodeId: number, options?: { kill?: boolean }): Promise<void>;
  /** Starts a stopped node again, with its data and ports, and waits until it is registered. */
  startNode(nodeId: number): Promise<void>;
  /** Kills every node and deletes the cluster's directory. */
  stop(): Promise<void>;
}

// Clusters a test forgot to stop (or a test process that failed) must not outlive it.
const liveGroups = new Set<number>();
const liveDirs = new Set<string>();
let exitHookInstalled = false;
function cleanUpOnExit() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const group of liveGroups) {
      try {
        process.kill(-group, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    for (const dir of liveDirs)
      fs.rmSync(dir, { recursive: true, force: true });
  });
}

/** A cluster id as `kafka-storage random-uuid` makes them, without a JVM start. */
function clusterId(): string {
  for (;;) {
    // Kafka never hands out ids that start with '-': the CLI would take them for an option.
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

function serverProperties(options: {
  nodeId: number;
  port: number;
  controllerPort: number;
  dataDir: string;
  brokers: number;
}): string {
  const { nodeId, port, controllerPort, dataDir, brokers } = options;
  const controller = nodeId === 1;
  return [
    `process.roles=${controller ? 'broker,controller' : 'broker'}`,
    `node.id=${nodeId}`,
    // A static quorum: brokers find the controller here, and formatting needs no quorum flags.
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    controller
      ? `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`
      : `listeners=PLAINTEXT://127.0.0.1:${port}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    `log.dirs=${dataDir}`,
    // One replica per broker, so that a group keeps its coordinator while a node is down;
    // their default of three would keep them from ever being created.
    `offsets.topic.replication.factor=${brokers}`,
    `transaction.state.log.replication.factor=${brokers}`,
    'transaction.state.log.min.isr=1',
    `share.coordinator.state.topic.replication.factor=${brokers}`,
    'share.coordinator.state.topic.min.isr=1',
    'auto.create.topics.enable=false',
    'num.partitions=1',
    'group.initial.rebalance.delay.ms=0',
    // As in test/stack/kafka.sh: retention and DeleteRecords must be able to drop data soon.
    'log.segment.bytes=1048576',
    'log.retention.check.interval.ms=1000',
    'log.initial.task.delay.ms=0',
    'log.segment.delete.delay.ms=1000',
    '',
  ].join('\n');
}

function tail(file: string, lines = 40): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Node ids that broker-api-versions, asked through `bootstrap`, lists as unfenced. */
async function unfencedBrokers(bootstrap: string): Promise<Set<number>> {
  const { stdout } = await kafkaTool(
    'broker-api-versions',
    ['--bootstrap-server', bootstrap],
    {
      timeoutMs: 30_000,
    },
  );
  const ids = new Set<number>();
  for (const match of stdout.matchAll(
    /\(id: (\d+) rack: [^)]*?(?:isFenced: (\w+))?\)/g,
  )) {
    if (match[2] !== 'true') ids.add(Number(match[1]));
  }
  return ids;
}

/**
 * Starts a fresh KRaft cluster from the jars of the local stack, in a temporary directory on
 * free ports, and resolves once every broker is registered and unfenced.
 */
export async function startKafkaCluster(options: {
  brokers: 1 | 2;
}): Promise<KafkaCluster> {
  const libs = kafkaLibs();
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'paved-kafka-'));
  cleanUpOnExit();
  liveDirs.add(dir);
  const [controllerPort, ...brokerPorts] = await distinctFreePorts(
    1 + options.brokers,
  );
  const id = clusterId();

  const nodes = brokerPorts.map((port, index) => {
    const nodeId = index + 1;
    const nodeDir = path.join(dir, `node-${nodeId}`);
    return {
      nodeId,
      address: `127.0.0.1:${port}`,
      logFile: path.join(nodeDir, 'kafka.log'),
      running: false,
      propertiesFile: path.join(nodeDir, 'server.properties'),
      process: undefined as ChildProcess | undefined,
      exited: undefined as Promise<void> | undefined,
      port,
      nodeDir,
    };
  });
  const node = (nodeId: number) => {
    const found = nodes.find(n => n.nodeId === nodeId);
    if (!found) throw new Error(`This cluster has no node ${nodeId}`);
    return found;
  };

  const launch = (n: (typeof nodes)[number]) => {
    const out = fs.openSync(n.logFile, 'a');
    const child = spawn(
      'java',
      [
        '-Xms128m',
        '-Xmx384m',
        '-XX:+UseG1GC',
        '-XX:MaxGCPauseMillis=20',
        '-Djava.awt.headless=true',
        `-Dlog4j2.configurationFile=${path.join(
          KAFKA_STACK_DIR,
          'log4j2.properties',
        )}`,
        '-cp',
        `${libs}/*`,
        'kafka.Kafka',
        n.propertiesFile,
      ],
      { stdio: ['ignore', out, out], detached: true },
    );
    fs.closeSync(out);
    // A forgotten cluster must not keep Jest from exiting (the exit hook kills it then).
    child.unref();
    liveGroups.add(child.pid!);
    n.process = child;
    n.running = true;
    n.exited = new Promise(resolve =>
      child.once('exit', () => {
        n.running = false;
        liveGroups.delete(child.pid!);
        resolve();
      }),
    );
  };

  const waitRegistered = async (wanted: number[]) => {
    const logs = () =>
      wanted
        .map(
          nodeId =>
            `--- last lines of ${node(nodeId).logFile} ---\n${tail(
              node(nodeId).logFile,
            )}`,
        )
        .join('\n');
    let outcome: 'registered' | 'exited';
    try {
      outcome = await waitFor(
        `Kafka node(s) ${wanted.join(', ')} to register`,
        async () => {
          if (wanted.some(nodeId => !node(nodeId).running)) return 'exited';
          const running = nodes.filter(n => n.running).map(n => n.address);
          const ids = await unfencedBrokers(running.join(','));
          return wanted.every(nodeId => ids.has(nodeId))
            ? 'registered'
            : undefined;
        },
        { timeoutMs: 90_000, intervalMs: 500 },
      );
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${logs()}`);
    }
    if (outcome === 'exited') {
      throw new Error(
        `Kafka node(s) ${wanted.join(', ')} exited during startup\n${logs()}`,
      );
    }
  };

  // While we wait for a node to exit, its process must count as work for Node again: with
  // nothing else pending, Node would otherwise end the test process in the middle of the await.
  const untilExited = async (n: (typeof nodes)[number]) => {
    if (!n.running || !n.process) return;
    n.process.ref();
    await n.exited;
  };

  const signal = (n: (typeof nodes)[number], name: NodeJS.Signals) => {
    if (!n.running || !n.process) return;
    try {
      process.kill(-n.process.pid!, name);
    } catch {
      // already gone
    }
  };

  const killAll = async () => {
    nodes.forEach(n => signal(n, 'SIGKILL'));
    await Promise.all(nodes.map(untilExited));
  };

  try {
    await Promise.all(
      nodes.map(async n => {
        await fsp.mkdir(n.nodeDir, { recursive: true });
        await fsp.writeFile(
          n.propertiesFile,
          serverProperties({
            nodeId: n.nodeId,
            port: n.port,
            controllerPort,
            dataDir: path.join(n.nodeDir, 'data'),
            brokers: options.brokers,
          }),
        );
        await kafkaTool('storage', [
          'format',
          '-t',
          id,
          '-c',
          n.propertiesFile,
        ]);
      }),
    );
    // Node 2 retries until node 1's controller answers, so both may start at once.
    nodes.forEach(launch);
    await waitRegistered(nodes.map(n => n.nodeId));
    if (nodes.length > 1) {
      // __consumer_offsets is made on the first coordinator lookup and needs every broker up
      // then (one replica each); a test that stops a node before its first consumer group
      // would otherwise wait for a coordinator forever.
      await kafkaTool('consumer-groups', [
        '--bootstrap-server',
        nodes.map(n => n.address).join(','),
        '--describe',
        '--group',
        'paved-warm-up',
      ]);
    }
  } catch (error) {
    await killAll();
    await fsp.rm(dir, { recursive: true, force: true });
    liveDirs.delete(dir);
    throw error;
  }

  const stopNode = async (
    nodeId: number,
    stopOptions: { kill?: boolean } = {},
  ) => {
    const n = node(nodeId);
    if (!n.running) return;
    signal(n, stopOptions.kill ? 'SIGKILL' : 'SIGTERM');
    const timer = setTimeout(() => signal(n, 'SIGKILL'), 60_000);
    await untilExited(n);
    clearTimeout(timer);
  };

  const startNode = async (nodeId: number) => {
    const n = node(nodeId);
    if (n.running) return;
    launch(n);
    await waitRegistered([nodeId]);
  };

  return {
    bootstrap: nodes.map(n => n.address).join(','),
    dir,
    get nodes() {
      return nodes.map(({ nodeId, address, logFile, running }) => ({
        nodeId,
        address,
        logFile,
        running,
      }));
    },
    stopNode,
    startNode,
    async stop() {
      await killAll();
      await fsp.rm(dir, { recursive: true, force: true });
      liveDirs.delete(dir);
    },
  };
}

export interface ConsumerGroupPartitionOffsets {
  group: string;
  topic: string;
  partition: number;
  /** null when the group has committed nothing for the partition. */
  currentOffset: number | null;
  /** null when Kafka could not read it (the partition has no leader). */
  logEndOffset: number | null;
  lag: number | null;
  /** The member the partition is assigned to; null when none is (an empty group). */
  consumerId: string | null;
  host: string | null;
  clientId: string | null;
}

/**
 * What `kafka-consumer-groups --describe` reports for the given groups (all groups when none are
 * given): one row per partition a group has committed to or is assigned, '-' as null. Rejects
 * when Kafka cannot describe one of the groups, e.g. one that does not exist.
 */
export async function describeConsumerGroups(
  bootstrap: string,
  groups?: string[],
): Promise<ConsumerGroupPartitionOffsets[]> {
  const selection = groups?.length
    ? groups.flatMap(g => ['--group', g])
    : ['--all-groups'];
  const { stdout } = await kafkaTool('consumer-groups', [
    '--bootstrap-server',
    bootstrap,
    '--describe',
    ...selection,
  ]);
  // The tool exits 0 even when it fails, e.g. for an unknown group; its error is on stdout.
  const failure = /^Error: .*$/m.exec(stdout);
  if (failure)
    throw new Error(`kafka-consumer-groups --describe: ${failure[0]}`);
  return parseConsumerGroupsTable(stdout);
}

const nullable = (value: string | undefined) =>
  !value || value === '-' ? null : value;
const offset = (value: string | undefined) => {
  const v = nullable(value);
  return v === null ? null : Number(v);
};

/** Parses the tables `kafka-consumer-groups --describe` prints, one per group. */
export function parseConsumerGroupsTable(
  output: string,
): ConsumerGroupPartitionOffsets[] {
  const rows: ConsumerGroupPartitionOffsets[] = [];
  let topicColumn: number | undefined;
  for (const line of output.split('\n')) {
    if (/^GROUP\s+TOPIC\s+PARTITION\s+CURRENT-OFFSET\s/.test(line)) {
      topicColumn = line.indexOf('TOPIC');
      continue;
    }
    if (topicColumn === undefined || !line.trim()) {
      topicColumn = undefined;
      continue;
    }
    // Columns are padded to their longest value, so the group (which may contain spaces) ends
    // where the header's TOPIC starts; topic names and numbers never contain spaces.
    const group = line.slice(0, topicColumn).trimEnd();
    const [
      topic,
      partition,
      current,
      logEnd,
      lag,
      consumerId,
      host,
      ...clientId
    ] = line.slice(topicColumn).trim().split(/\s+/);
    // A member without partitions is a row of dashes; it says nothing about offsets.
    if (!/^\d+$/.test(partition ?? '')) continue;
    rows.push({
      group,
      topic,
      partition: Number(partition),
      currentOffset: offset(current),
      logEndOffset: offset(logEnd),
      lag: offset(lag),
      consumerId: nullable(consumerId),
      host: nullable(host),
      clientId: nullable(clientId.join(' ')),
    });
  }
  return rows;
}
