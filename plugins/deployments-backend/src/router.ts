import {
  AuditorService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
  BackstageCredentials,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  DeployRequest,
  EntityDeploymentState,
  deploymentCreatePermission,
  deploymentRollbackPermission,
} from '@paved/plugin-deployments-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { DeploymentFailure } from './kube/errors';
import { DeploymentService } from './service/DeploymentService';

export interface RouterOptions {
  service: DeploymentService;
  catalog: CatalogService;
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
  permissions: PermissionsService;
  auditor: AuditorService;
  logger: LoggerService;
}

const deployBody = z
  .object({
    image: z.string({
      error: iss =>
        iss.input === undefined
          ? 'image is required, e.g. "ghcr.io/acme/checkout:1.4.2"'
          : 'image must be a string',
    }),
    replicas: z.number({ error: 'replicas must be a number' }).optional(),
    cluster: z.string({ error: 'cluster must be a string' }).optional(),
    dryRun: z.boolean({ error: 'dryRun must be true or false' }).optional(),
    force: z.boolean({ error: 'force must be true or false' }).optional(),
  })
  .strict();

const scaleBody = z
  .object({
    replicas: z.number({
      error: iss =>
        iss.input === undefined
          ? 'replicas is required'
          : 'replicas must be a number',
    }),
    cluster: z.string({ error: 'cluster must be a string' }).optional(),
  })
  .strict();

const restartBody = z.object({ cluster: z.string().optional() }).strict();

function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
    throw new InputError(
      issue.code === 'unrecognized_keys'
        ? `Unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(
            ', ',
          )} in the request body`
        : `${where}${issue.message}`,
    );
  }
  return result.data;
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { service, catalog, httpAuth, userInfo, permissions, auditor } =
    options;
  const router = Router();
  router.use(express.json({ limit: '1mb' }));

  const loadEntity = async (
    req: express.Request,
    credentials: BackstageCredentials,
  ): Promise<Entity> => {
    const { kind, namespace, name } = req.params;
    const entity = await catalog.getEntityByRef(
      { kind, namespace, name },
      { credentials },
    );
    if (!entity) {
      throw new NotFoundError(
        `No entity ${kind}:${namespace}/${name} in the catalog`,
      );
    }
    return entity;
  };

  const allowed = async (
    permission: ResourcePermission<'catalog-entity'>,
    entityRef: string,
    credentials: BackstageCredentials,
  ) => {
    const [decision] = await permissions.authorize(
      [{ permission, resourceRef: entityRef }],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  };

  const requirePermission = async (
    permission: ResourcePermission<'catalog-entity'>,
    entityRef: string,
    credentials: BackstageCredentials,
    what: string,
  ) => {
    if (!(await allowed(permission, entityRef, credentials))) {
      throw new NotAllowedError(
        `You may not ${what} ${entityRef}: only its owners may (permission ${permission.name})`,
      );
    }
  };

  const who = async (credentials: BackstageCredentials) => {
    if (
      credentials.principal &&
      (credentials.principal as any).type === 'user'
    ) {
      return (await userInfo.getUserInfo(credentials)).userEntityRef;
    }
    const principal = credentials.principal as { subject?: string };
    return principal.subject ?? 'unknown';
  };

  /** Runs a mutation inside an audit event that records its outcome. */
  const audited = async <T>(
    req: express.Request,
    eventId: string,
    meta: Record<string, any>,
    fn: () => Promise<T>,
  ): Promise<T> => {
    const event = await auditor.createEvent({
      eventId,
      severityLevel: 'medium',
      request: req,
      meta,
    });
    try {
      const result = await fn();
      await event.success({
        meta:
          result && typeof result === 'object' ? { ...(result as any) } : {},
      });
      return result;
    } catch (e) {
      await event.fail({ error: e as Error });
      throw e;
    }
  };

  router.get('/clusters', async (_req, res) => {
    res.json({ items: service.listClusters() });
  });

  const entityPath = '/entities/:kind/:namespace/:name';

  router.get(`${entityPath}/state`, async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const entity = await loadEntity(req, credentials);
    const entityRef = stringifyEntityRef(entity);
    const [workloads, canDeploy, canRollback] = await Promise.all([
      service.state(entity),
      allowed(deploymentCreatePermission, entityRef, credentials),
      allowed(deploymentRollbackPermission, entityRef, credentials),
    ]);
    const body: EntityDeploymentState = {
      entityRef,
      workloads,
      canDeploy,
      canRollback,
    };
    res.json(body);
  });

  router.get(`${entityPath}/deployments`, async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const entity = await loadEntity(req, credentials);
    const limitRaw = req.query.limit;
    const limit = limitRaw === undefined ? 50 : Number(limitRaw);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
      throw new InputError('limit must be a whole number from 1 to 500');
    }
    const cluster =
      typeof req.query.cluster === 'string' ? req.query.cluster : undefined;
    res.json({
      items: await service.history(stringifyEntityRef(entity), cluster, limit),
    });
  });

  router.post(`${entityPath}/deployments`, async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const body: DeployRequest = parseBody(deployBody, req.body);
    const entity = await loadEntity(req, credentials);
    const entityRef = stringifyEntityRef(entity);
    await requirePermission(
      deploymentCreatePermission,
      entityRef,
      credentials,
      'deploy',
    );
    if (body.dryRun) {
      res.json(await service.preview(entity, body));
      return;
    }
    const user = await who(credentials);
    const result = await audited(
      req,
      'deploy',
      {
        entityRef,
        cluster: body.cluster ?? null,
        image: body.image,
        replicas: body.replicas ?? null,
        force: !!body.force,
      },
      () => service.deploy(entity, body, user),
    );
    res.status(202).json(result);
  });

  router.post(`${entityPath}/scale`, async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const body = parseBody(scaleBody, req.body);
    const entity = await loadEntity(req, credentials);
    const entityRef = stringifyEntityRef(entity);
    await requirePermission(
      deploymentCreatePermission,
      entityRef,
      credentials,
      'scale',
    );
    const user = await who(credentials);
    const result = await audited(
      req,
      'scale',
      { entityRef, cluster: body.cluster ?? null, replicas: body.replicas },
      () => service.scale(entity, body.cluster, body.replicas, user),
    );
    res.status(202).json(result);
  });

  router.post(`${entityPath}/restart`, async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const body = parseBody(restartBody, req.body);
    const entity = await loadEntity(req, credentials);
    const entityRef = stringifyEntityRef(entity);
    await requirePermission(
      deploymentCreatePermission,
      entityRef,
      credentials,
      'restart',
    );
    const user = await who(credentials);
    const result = await audited(
      req,
      'restart',
      { entityRef, cluster: body.cluster ?? null },
      () => service.restart(entity, body.cluster, user),
    );
    res.status(202).json(result);
  });

  router.get('/deployments/:id', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const row = await service.get(req.params.id);
    // Reading a deployment needs reading its entity.
    const entity = await catalog.getEntityByRef(row.entityRef, { credentials });
    if (!entity)
      throw new NotFoundError(`No deployment with id ${req.params.id}`);
    const { generation: _generation, ...visible } = row;
    res.json(visible);
  });

  const rowAction =
    (action: 'rollback' | 'redeploy'): express.RequestHandler =>
    async (req, res) => {
      const credentials = await httpAuth.credentials(req);
      const row = await service.get(req.params.id);
      const entity = await catalog.getEntityByRef(row.entityRef, {
        credentials,
      });
      if (!entity) {
        throw new NotFoundError(
          `${row.entityRef} of deployment ${row.id} is no longer in the catalog`,
        );
      }
      const entityRef = stringifyEntityRef(entity);
      await requirePermission(
        action === 'rollback'
          ? deploymentRollbackPermission
          : deploymentCreatePermission,
        entityRef,
        credentials,
        action === 'rollback' ? 'roll back' : 'redeploy',
      );
      const user = await who(credentials);
      const result = await audited(
        req,
        action,
        { entityRef, cluster: row.cluster, deploymentId: row.id },
        () =>
          action === 'rollback'
            ? service.rollback(row.id, entity, user)
            : service.redeploy(row.id, entity, user),
      );
      res.status(202).json(result);
    };
  router.post('/deployments/:id/rollback', rowAction('rollback'));
  router.post('/deployments/:id/redeploy', rowAction('redeploy'));

  // Kubernetes failures carry their own status and the details the UI lists.
  router.use(
    (
      err: Error,
      _req: express.Request,
      res: express.Response,
      next: express.NextFunction,
    ) => {
      if (!(err instanceof DeploymentFailure)) {
        next(err);
        return;
      }
      res.status(err.statusCode).json({
        error: { name: err.detail.reason, message: err.message },
        response: { statusCode: err.statusCode },
        details: err.detail,
      });
    },
  );
  return router;
}
