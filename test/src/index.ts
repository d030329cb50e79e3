export { startPortal } from './lib/portal';
export type { Portal, StartPortalOptions } from './lib/portal';
export { run, freePort, waitFor } from './lib/process';
export { REPO_ROOT } from './lib/paths';
export {
  startKafkaCluster,
  describeConsumerGroups,
  kafkaTool,
  kafkaLibs,
} from './lib/kafka';
export type {
  KafkaCluster,
  KafkaClusterNode,
  ConsumerGroupPartitionOffsets,
} from './lib/kafka';
export { makeBareRepo } from './lib/repos';
export { runTemplate, waitForTask, logOf } from './lib/scaffolder';
export { cloneAndBuild, startGeneratedService } from './lib/generatedService';
export type { GeneratedService } from './lib/generatedService';
export type { TaskResult } from './lib/scaffolder';
