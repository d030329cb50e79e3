/*
 * The Paved backend: Backstage core plugins plus Paved's own. Tracing starts earlier, from
 * src/instrumentation.ts, which scripts/start preloads with --require.
 */
import { createBackend } from '@backstage/backend-defaults';
import { gitUrlReaderServiceFactory } from '@paved/plugin-git-node';
import { pavedPermissionPolicyModule } from './permissions/policy';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-auth-backend-module-github-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
// The Pipeline kind, kafka-topic Resources and pipelines registered in the portal.
backend.add(import('@paved/plugin-catalog-backend-module-paved'));

backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);
// paved:validate and paved:publish, used by every golden path.
backend.add(import('@paved/plugin-scaffolder-backend-module-paved'));
// Template usage for curation, read from the scaffolder's API.
backend.add(import('@paved/plugin-golden-paths-backend'));
// Local git hosting for published golden paths, and the URL reader that lets the catalog read it.
backend.add(import('@paved/plugin-git-backend'));
backend.add(gitUrlReaderServiceFactory);
// Pipeline registration, and lag and health read from Kafka.
backend.add(import('@paved/plugin-pipelines-backend'));
// Deploys to Kubernetes, rollout progress, history and rollback.
backend.add(import('@paved/plugin-deployments-backend'));
// The OTLP/HTTP receiver for services' spans, and traces, RED metrics and dependencies from them.
backend.add(import('@paved/plugin-traces-backend'));

backend.add(import('@backstage/plugin-permission-backend'));
// Owners deploy and roll back their entities; everything else is open to signed-in users.
backend.add(pavedPermissionPolicyModule);

backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));

backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));
backend.add(import('@backstage/plugin-events-backend'));

backend.start();
