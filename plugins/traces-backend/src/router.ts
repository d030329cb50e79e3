import { HttpAuthService, LoggerService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import { Trace } from '@paved/plugin-traces-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { TracesConfig } from './config';
import { TraceStore } from './database/TraceStore';
import { BatchWriter } from './ingest/BatchWriter';
import { createReceiver } from './ingest/receiver';
import {
  parseRedQuery,
  parseTraceId,
  parseTraceSearch,
  parseWindow,
} from './request/parseQuery';
import { ServiceEntities } from './service/ServiceEntities';

/** An entity namespace or name as it may appear in a ref. */
const ENTITY_PART = /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,62}$/;

export interface RouterOptions {
  store: TraceStore;
  writer: BatchWriter;
  entities: ServiceEntities;
  config: TracesConfig;
  httpAuth: HttpAuthService;
  logger: LoggerService;
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { store, writer, entities, config, httpAuth, logger } = options;
  const router = Router();

  // The receiver reads the raw body itself (gzip, size limits), so no body parser comes first;
  // the read routes take no body.
  router.post(
    '/v1/traces',
    createReceiver({ config: config.ingest, writer, logger }),
  );

  const credentialsOf = (req: Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  const serviceOf = (req: Request) => {
    const service = req.params.service;
    if (!service.trim()) {
      throw new InputError('service must be a service.name, not empty');
    }
    return service;
  };

  router.get('/traces/:traceId', async (req, res) => {
    const credentials = await credentialsOf(req);
    const traceId = parseTraceId(req.params.traceId);
    const spans = await store.getTrace(traceId);
    if (!spans.length) {
      throw new NotFoundError(`No spans of trace ${traceId} are stored`);
    }
    const services = await entities.entityRefsFor(
      spans.map(s => s.service),
      credentials,
    );
    const trace: Trace = { traceId, spans, services };
    res.json(trace);
  });

  router.get('/services/:service/traces', async (req, res) => {
    await credentialsOf(req);
    const search = parseTraceSearch(serviceOf(req), req.query);
    res.json({ traces: await store.searchTraces(search) });
  });

  router.get('/services/:service/operations', async (req, res) => {
    await credentialsOf(req);
    const service = serviceOf(req);
    const { from, to } = parseWindow(req.query);
    res.json({ operations: await store.operations(service, from, to) });
  });

  router.get('/services/:service/red', async (req, res) => {
    await credentialsOf(req);
    const service = serviceOf(req);
    res.json(await store.red({ service, ...parseRedQuery(req.query) }));
  });

  router.get('/dependencies', async (req, res) => {
    await credentialsOf(req);
    const { from, to } = parseWindow(req.query);
    res.json({ edges: await store.dependencies(from, to) });
  });

  router.get('/systems/:namespace/:name/dependencies', async (req, res) => {
    const credentials = await credentialsOf(req);
    const { namespace, name } = req.params;
    if (!ENTITY_PART.test(namespace) || !ENTITY_PART.test(name)) {
      throw new InputError(
        `"${namespace}/${name}" is not a system: namespace and name are letters, digits, ".", "_" and "-"`,
      );
    }
    res.json(
      await entities.systemDependencies(
        { namespace, name },
        parseWindow(req.query),
        credentials,
      ),
    );
  });

  return router;
}
