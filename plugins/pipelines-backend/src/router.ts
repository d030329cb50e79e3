import {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { PipelineHealth } from '@paved/plugin-pipelines-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { PipelinesConfig } from './config';
import { PipelineStore } from './database/PipelineStore';
import { KafkaLagSource } from './kafka/types';
import { PipelinePoller } from './service/PipelinePoller';
import { PipelineRegistry } from './service/PipelineRegistry';
import { CatalogErrors } from './service/CatalogErrors';

const PART = /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,62}$/;
const historyQuery = z.object({
  hours: z
    .string({ error: 'hours must be given once' })
    .regex(/^\d+$/, 'hours must be a whole number')
    .transform(Number)
    .pipe(
      z
        .number()
        .min(1, 'hours must be at least 1')
        .max(24 * 31, 'hours must be at most 744'),
    )
    .optional(),
});
const groupsQuery = z.object({
  topic: z.string({ error: 'topic must be given once' }).optional(),
});

export async function createRouter(options: {
  store: PipelineStore;
  registry: PipelineRegistry;
  poller: PipelinePoller;
  source: KafkaLagSource;
  catalog: CatalogService;
  config: PipelinesConfig;
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  logger: LoggerService;
  catalogErrors: CatalogErrors;
  /** Rough time until the next scheduled poll, for "not read yet" messages. */
  pollEverySeconds: number;
}): Promise<express.Router> {
  const {
    store,
    registry,
    poller,
    source,
    catalog,
    config,
    httpAuth,
    auditor,
  } = options;
  const router = Router();
  router.use(express.json({ limit: '1mb' }));

  const credentialsOf = (req: Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  const refOf = (req: Request) => {
    const { namespace, name } = req.params;
    if (!PART.test(namespace) || !PART.test(name)) {
      throw new InputError(
        'namespace and name must be entity name parts (letters, digits, ".", "_", "-")',
      );
    }
    return `pipeline:${namespace}/${name}`.toLowerCase();
  };

  const audited = async <T>(
    req: Request,
    eventId: string,
    meta: Record<string, string>,
    work: () => Promise<T>,
  ): Promise<T> => {
    const event = await auditor.createEvent({
      eventId,
      severityLevel: 'medium',
      request: req,
      meta,
    });
    try {
      const result = await work();
      await event.success();
      return result;
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  };

  const exists = async (entityRef: string, credentials: BackstageCredentials) =>
    Boolean(await store.getRegistered(entityRef)) ||
    Boolean(await catalog.getEntityByRef(entityRef, { credentials }));

  router.get('/pipelines', async (req, res) => {
    await credentialsOf(req);
    res.json({ items: await store.listRegistered() });
  });

  router.post('/pipelines', async (req, res) => {
    const credentials = await credentialsOf(req);
    const created = await audited(req, 'pipeline-register', {}, () =>
      registry.register(req.body, credentials),
    );
    res.status(201).json(created);
  });

  router.get('/pipelines/:namespace/:name', async (req, res) => {
    await credentialsOf(req);
    const entityRef = refOf(req);
    const registered = await store.getRegistered(entityRef);
    if (!registered) {
      throw new NotFoundError(
        `${entityRef} is not registered through the portal (it may be defined in a repository)`,
      );
    }
    res.json(registered);
  });

  router.put('/pipelines/:namespace/:name', async (req, res) => {
    const credentials = await credentialsOf(req);
    const entityRef = refOf(req);
    res.json(
      await audited(req, 'pipeline-update', { entityRef }, () =>
        registry.update(entityRef, req.body, credentials),
      ),
    );
  });

  router.delete('/pipelines/:namespace/:name', async (req, res) => {
    const credentials = await credentialsOf(req);
    const entityRef = refOf(req);
    await audited(req, 'pipeline-delete', { entityRef }, () =>
      registry.remove(entityRef, credentials),
    );
    res.status(204).end();
  });

  router.get('/pipelines/:namespace/:name/health', async (req, res) => {
    const credentials = await credentialsOf(req);
    const entityRef = refOf(req);
    // A pipeline removed from its repository keeps its last health until retention; it is not
    // served as if the pipeline were still there.
    if (!(await exists(entityRef, credentials))) {
      throw new NotFoundError(
        `No pipeline ${entityRef} is registered or in the catalog`,
      );
    }
    const health = await store.getHealth(entityRef);
    if (health) {
      res.json(health);
      return;
    }
    const pending: PipelineHealth = {
      entityRef,
      cluster: config.defaultCluster ?? '',
      status: 'unknown',
      reasons: [
        `Not read from Kafka yet; the next poll runs within ${options.pollEverySeconds} s`,
      ],
      lag: { messages: null, seconds: null },
      slo: {},
      topics: [],
      throughput: {
        inputPerSecond: null,
        consumedPerSecond: null,
        outputPerSecond: null,
      },
      groups: [],
    };
    res.json(pending);
  });

  router.get('/pipelines/:namespace/:name/history', async (req, res) => {
    await credentialsOf(req);
    const entityRef = refOf(req);
    const parsed = historyQuery.safeParse(req.query);
    if (!parsed.success)
      throw new InputError(parsed.error.issues.map(i => i.message).join('; '));
    const hours = parsed.data.hours ?? 6;
    res.json({
      entityRef,
      samples: await store.listSamples(
        entityRef,
        new Date(Date.now() - hours * 3_600_000),
      ),
    });
  });

  router.get('/health', async (req, res) => {
    await credentialsOf(req);
    res.json({ items: await store.listHealth() });
  });

  router.get('/catalog-errors', async (req, res) => {
    await credentialsOf(req);
    res.json({ items: options.catalogErrors.list() });
  });

  router.post('/poll', async (req, res) => {
    await credentialsOf(req);
    res.json(await poller.pollAll());
  });

  router.get('/clusters', async (req, res) => {
    await credentialsOf(req);
    res.json({
      items: config.clusters.map(c => ({
        name: c.name,
        brokers: c.brokers,
        isDefault: c.name === config.defaultCluster,
      })),
    });
  });

  const clusterOf = (req: Request) => {
    const name = req.params.cluster;
    if (!config.clusters.some(c => c.name === name)) {
      throw new NotFoundError(`No Kafka cluster named '${name}' is configured`);
    }
    return name;
  };

  router.get('/clusters/:cluster/topics', async (req, res) => {
    await credentialsOf(req);
    res.json({ items: await source.listTopics(clusterOf(req)) });
  });

  router.get('/clusters/:cluster/groups', async (req, res) => {
    await credentialsOf(req);
    const parsed = groupsQuery.safeParse(req.query);
    if (!parsed.success)
      throw new InputError(parsed.error.issues.map(i => i.message).join('; '));
    const groups = await source.listGroups(clusterOf(req));
    const topic = parsed.data.topic;
    res.json({
      items: topic ? groups.filter(g => g.topics.includes(topic)) : groups,
    });
  });

  return router;
}
