import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { readPavedCatalogConfig } from './config';
import { PipelineEntityProcessor } from './processors/PipelineEntityProcessor';
import { KafkaTopicProvider } from './providers/KafkaTopicProvider';
import { RegisteredPipelineProvider } from './providers/RegisteredPipelineProvider';

/**
 * Paved's catalog additions: the Pipeline kind, kafka-topic Resources from the configured Kafka
 * clusters, and the pipelines registered in the portal.
 *
 * @public
 */
export const catalogModulePaved = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'paved',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        events: eventsServiceRef,
      },
      async init({
        catalog,
        config,
        logger,
        scheduler,
        auth,
        discovery,
        events,
      }) {
        const paved = readPavedCatalogConfig(config);
        catalog.addProcessor(
          new PipelineEntityProcessor({ defaultCluster: paved.defaultCluster }),
        );
        catalog.addEntityProvider(
          new RegisteredPipelineProvider({
            auth,
            discovery,
            logger,
            events,
            taskRunner: scheduler.createScheduledTaskRunner({
              frequency: { minutes: 5 },
              timeout: { minutes: 1 },
              initialDelay: { seconds: 5 },
            }),
          }),
          new KafkaTopicProvider({
            auth,
            discovery,
            logger,
            events,
            owner: paved.topicOwner,
            taskRunner: scheduler.createScheduledTaskRunner({
              frequency: { minutes: 5 },
              timeout: { minutes: 2 },
              initialDelay: { seconds: 10 },
            }),
          }),
        );
      },
    });
  },
});
