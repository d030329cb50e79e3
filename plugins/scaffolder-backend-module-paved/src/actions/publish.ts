import {
  BackstageCredentials,
  LoggerService,
  resolveSafeChildPath,
} from '@backstage/backend-plugin-api';
import {
  DefaultNamespaceEntityPolicy,
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { AlphaEntity } from '@backstage/catalog-model/alpha';
import { ConflictError, InputError, assertError } from '@backstage/errors';
import {
  CatalogService,
  locationSpecToMetadataName,
} from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { describeInvalidComponentName } from '@paved/plugin-paved-common';
import fs from 'node:fs/promises';
import { parseAllDocuments } from 'yaml';
import { PublishConfig } from '../config';
import { PublishedRepository, RepositoryPublisher } from '../publishers/types';

const POLL_INTERVAL_MS = 500;
/** The git host's limit for repository descriptions. */
const MAX_DESCRIPTION_LENGTH = 500;

/** The owner of the descriptor's entity as a full entity ref, for the repository's push rights. */
function ownerOf(entity: Entity): string | undefined {
  const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  if (typeof owner !== 'string' || !owner) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    return undefined;
  }
}

/** The server's own explanation of a failed catalog call, not just "400 Bad Request". */
function reasonOf(error: unknown): string {
  const body = (error as { body?: { error?: { message?: string } } }).body;
  return body?.error?.message ?? (error as Error).message ?? String(error);
}

// The catalog's own envelope and field-format rules, checked before anything is pushed so that
// a malformed descriptor fails the task while nothing exists yet.
const entityPolicy = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);

function safePath(workspace: string, relative: string, field: string): string {
  if (/\s/.test(relative)) {
    throw new InputError(`${field} '${relative}' must not contain spaces`);
  }
  try {
    return resolveSafeChildPath(workspace, relative.replace(/^\/+/, '') || '.');
  } catch {
    throw new InputError(`${field} '${relative}' points outside the workspace`);
  }
}

/** Reads the descriptor that will be registered and picks the entity the task links to. */
async function readDescriptor(file: string, field: string): Promise<Entity> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    throw new InputError(`${field}: the generated repository has no such file`);
  }
  const docs = parseAllDocuments(text);
  const entities: Entity[] = [];
  for (const [i, doc] of docs.entries()) {
    if (doc.errors.length) {
      throw new InputError(
        `${field}: document ${i + 1} is not valid YAML: ${
          doc.errors[0].message
        }`,
      );
    }
    const value = doc.toJS();
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object' || !value.kind || !value.metadata?.name) {
      throw new InputError(
        `${field}: document ${
          i + 1
        } is not an entity (it needs kind and metadata.name)`,
      );
    }
    try {
      await entityPolicy.enforce(value as Entity);
    } catch (error) {
      throw new InputError(
        `${field}: document ${i + 1} is not a valid entity: ${
          (error as Error).message
        }`,
      );
    }
    entities.push(value as Entity);
  }
  const entity = entities.find(e => e.kind === 'Component') ?? entities[0];
  if (!entity) {
    throw new InputError(`${field}: the file holds no entity`);
  }
  return entity;
}

async function waitForEntity(options: {
  catalog: CatalogService;
  credentials: BackstageCredentials;
  entityRef: string;
  locationEntityRef: string;
  timeoutMs: number;
  logger: LoggerService;
  signal?: AbortSignal;
}): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (options.signal?.aborted) throw new Error('The task was cancelled');
    const entity = await options.catalog.getEntityByRef(options.entityRef, {
      credentials: options.credentials,
    });
    if (entity) return;
    // A descriptor the catalog cannot process surfaces as errors on the location entity.
    const location = (await options.catalog.getEntityByRef(
      options.locationEntityRef,
      {
        credentials: options.credentials,
      },
    )) as AlphaEntity | undefined;
    const errors = (location?.status?.items ?? [])
      .map(item => item.error?.message)
      .filter((m): m is string => Boolean(m));
    if (errors.length) {
      throw new InputError(
        `The catalog could not process the new repository: ${errors.join(
          '; ',
        )}`,
      );
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${options.entityRef} did not appear in the catalog within ${
          options.timeoutMs / 1000
        } s`,
      );
    }
    await new Promise(r => setTimeout(r, POLL_INTERVAL_MS));
  }
}

/**
 * `paved:publish`: pushes the generated tree to a new repository and registers its descriptor
 * in the catalog, as one step: if registration fails, the repository and any location it left
 * are removed again, so a failed run leaves neither a stray repository nor a dangling entity.
 */
export function createPublishAction(options: {
  catalog: CatalogService;
  publisher: RepositoryPublisher;
  config: PublishConfig;
}) {
  const { catalog, publisher, config } = options;
  return createTemplateAction({
    id: 'paved:publish',
    description:
      'Publishes the workspace to a new git repository (the local git host or GitHub, per config) and registers it in the catalog; undoes both if either fails.',
    supportsDryRun: true,
    examples: [
      {
        description: 'Publish and register a new service',
        example: `steps:
  - id: publish
    action: paved:publish
    input:
      repoName: \${{ parameters.name }}
      description: \${{ parameters.description }}
      catalogInfoPath: /catalog-info.yaml`,
      },
    ],
    schema: {
      input: {
        repoName: z => z.string().describe('Name of the new repository'),
        description: z =>
          z.string().optional().describe('Repository description'),
        defaultBranch: z =>
          z
            .string()
            .optional()
            .describe(
              'Branch to push; defaults to scaffolder.paved.publish.defaultBranch',
            ),
        sourcePath: z =>
          z
            .string()
            .optional()
            .describe(
              'Subdirectory of the workspace to publish; defaults to all of it',
            ),
        catalogInfoPath: z =>
          z
            .string()
            .optional()
            .describe(
              'Descriptor to register, relative to the repository root; defaults to /catalog-info.yaml',
            ),
      },
      output: {
        remoteUrl: z => z.string().describe('Page of the new repository'),
        cloneUrl: z =>
          z.string().describe('What git clone accepts, without credentials'),
        catalogInfoUrl: z =>
          z.string().describe('URL of the registered descriptor'),
        entityRef: z =>
          z.string().describe('Entity ref of the registered component'),
      },
    },
    async handler(ctx) {
      const { repoName } = ctx.input;
      const nameProblem = describeInvalidComponentName(repoName);
      if (nameProblem) {
        throw new InputError(
          `repoName '${repoName}' is not valid: ${nameProblem}`,
        );
      }
      const description = ctx.input.description ?? '';
      if (
        description.length > MAX_DESCRIPTION_LENGTH ||
        // eslint-disable-next-line no-control-regex -- control characters are exactly what a one-line description must not contain
        /[\u0000-\u001f]/.test(description)
      ) {
        throw new InputError(
          `description must be one line of at most ${MAX_DESCRIPTION_LENGTH} characters without control characters (it has ${description.length})`,
        );
      }
      const branch = ctx.input.defaultBranch ?? config.defaultBranch;
      const sourceDir = safePath(
        ctx.workspacePath,
        ctx.input.sourcePath ?? '',
        'sourcePath',
      );
      const descriptorPath = (
        ctx.input.catalogInfoPath ?? '/catalog-info.yaml'
      ).replace(/^\/+/, '');
      const entity = await readDescriptor(
        safePath(sourceDir, descriptorPath, 'catalogInfoPath'),
        `catalogInfoPath '${descriptorPath}'`,
      );
      const entityRef = stringifyEntityRef(entity);

      if (ctx.isDryRun) {
        const cloneUrl = await publisher.cloneUrlFor(repoName, branch);
        ctx.logger.info(
          `Dry run: would publish to ${cloneUrl} and register ${entityRef}`,
        );
        ctx.output('remoteUrl', cloneUrl);
        ctx.output('cloneUrl', cloneUrl);
        ctx.output(
          'catalogInfoUrl',
          `${cloneUrl}/blob/${branch}/${descriptorPath}`,
        );
        ctx.output('entityRef', entityRef);
        return;
      }

      if (await publisher.exists(repoName)) {
        throw new ConflictError(
          `A repository named '${repoName}' already exists; nothing was changed`,
        );
      }
      const user = ctx.user?.entity?.spec?.profile;
      const author =
        user?.displayName && user?.email
          ? { name: user.displayName, email: user.email }
          : config.defaultAuthor;
      const message =
        config.commitMessage ??
        `Initial commit from ${
          ctx.templateInfo?.entityRef ?? 'a Paved golden path'
        }`;

      ctx.logger.info(
        `Publishing to the ${publisher.target} git host as '${repoName}' (branch ${branch})`,
      );
      let published: PublishedRepository | undefined;
      let locationId: string | undefined;
      const credentials = await ctx.getInitiatorCredentials();
      try {
        published = await publisher.publish({
          name: repoName,
          description,
          owner: ownerOf(entity),
          defaultBranch: branch,
          sourceDir,
          author,
          message,
          ctx,
        });
        ctx.logger.info(`Pushed to ${published.cloneUrl}`);

        const target = published.fileUrl(descriptorPath);
        // A dry run makes the catalog read and process the descriptor now and say what it
        // refuses (rules, validation), instead of the real registration failing silently later.
        let preview;
        try {
          preview = await catalog.addLocation(
            { type: 'url', target, dryRun: true },
            { credentials },
          );
        } catch (error) {
          throw new InputError(
            `The catalog refused the new repository's descriptor: ${reasonOf(
              error,
            )}`,
          );
        }
        if (!preview.entities.some(e => stringifyEntityRef(e) === entityRef)) {
          throw new InputError(
            `The catalog would not register ${entityRef} from ${target} (it found ${
              preview.entities.map(e => stringifyEntityRef(e)).join(', ') ||
              'nothing'
            })`,
          );
        }
        // A location may already point at this URL (registered by hand before the repository
        // existed); it now reads the new repository, so use it rather than fail on a conflict.
        let locationEntityRef = preview.location.entityRef;
        if (!preview.exists) {
          const added = await catalog.addLocation(
            { type: 'url', target },
            { credentials },
          );
          locationId = added.location.id;
          locationEntityRef = added.location.entityRef ?? locationEntityRef;
        }
        locationEntityRef ??= `location:default/${locationSpecToMetadataName({
          type: 'url',
          target,
        })}`;
        ctx.logger.info(
          `Registered ${target}; waiting for ${entityRef} to appear in the catalog`,
        );
        await catalog
          .refreshEntity(locationEntityRef, { credentials })
          .catch(error => {
            ctx.logger.warn(
              `Could not ask the catalog for an early refresh: ${error}`,
            );
          });
        await waitForEntity({
          catalog,
          credentials,
          entityRef,
          locationEntityRef,
          timeoutMs: config.registrationTimeoutMs,
          logger: ctx.logger,
          signal: ctx.signal,
        });
        ctx.logger.info(`${entityRef} is in the catalog`);
        ctx.output('remoteUrl', published.remoteUrl);
        ctx.output('cloneUrl', published.cloneUrl);
        ctx.output('catalogInfoUrl', target);
        ctx.output('entityRef', entityRef);
      } catch (error) {
        assertError(error);
        ctx.logger.error(`Publishing failed, undoing it: ${error.message}`);
        if (locationId) {
          await catalog.removeLocationById(locationId, { credentials }).then(
            () => ctx.logger.info('Removed the catalog location again'),
            e =>
              ctx.logger.error(
                `Could not remove the catalog location ${locationId}: ${e}`,
              ),
          );
          const leftover = await catalog.getEntityByRef(entityRef, {
            credentials,
          });
          if (leftover?.metadata.uid) {
            await catalog
              .removeEntityByUid(leftover.metadata.uid, { credentials })
              .then(
                () =>
                  ctx.logger.info(
                    `Removed ${entityRef} from the catalog again`,
                  ),
                e =>
                  ctx.logger.error(
                    `Could not remove ${entityRef} from the catalog: ${e}`,
                  ),
              );
          }
        }
        // Only a repository this run created and pushed is removed here; one that failed during
        // its own push was already removed by the publisher, and one made by anyone else
        // (a concurrent run of the same name) is never touched.
        if (published) {
          await publisher.remove(repoName).then(
            () => ctx.logger.info(`Removed the repository '${repoName}' again`),
            e => {
              if (!/404|does not exist/.test(String(e))) {
                ctx.logger.error(
                  `Could not remove the repository '${repoName}': ${e}`,
                );
              }
            },
          );
        }
        throw error;
      }
    },
  });
}
