import { createBackend } from '@backstage/backend-defaults';

// A backend with the catalog and this plugin, for `yarn start` in this package. Configure a
// cluster under pipelines.kafka.clusters in an app-config.local.yaml first.
const backend = createBackend();
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('../src'));
backend.start();
