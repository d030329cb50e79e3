import { CompoundEntityRef, parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  PAVED_ANNOTATIONS,
  SOFTWARE_ENTITY_KINDS,
  describeInvalidComponentName,
} from '@paved/plugin-paved-common';
import { PublishConfig } from '../config';
import { RepositoryPublisher } from '../publishers/types';

function parseRef(
  value: string,
  field: string,
  defaultKind: string,
): CompoundEntityRef | string {
  try {
    return parseEntityRef(value, { defaultKind, defaultNamespace: 'default' });
  } catch (error) {
    return `${field} '${value}' is not an entity reference (${(error as Error).message})`;
  }
}

/**
 * `paved:validate`: the server-side half of the form's checks, run before anything is created,
 * so that a task started through the API with bad values fails at its first step with every
 * problem named, and leaves nothing behind.
 */
export function createValidateAction(options: {
  catalog: CatalogService;
  publisher: RepositoryPublisher;
  config: PublishConfig;
}) {
  const { catalog, publisher, config } = options;
  return createTemplateAction({
    id: 'paved:validate',
    description:
      "Checks a new component's name, owner and system against the catalog and the repository host, and outputs where its repository will be.",
    supportsDryRun: true,
    examples: [
      {
        description: 'Validate the parameters of a new service',
        example: `steps:
  - id: validate
    action: paved:validate
    input:
      name: \${{ parameters.name }}
      owner: \${{ parameters.owner }}
      system: \${{ parameters.system }}`,
      },
    ],
    schema: {
      input: {
        name: z => z.string().describe('Name of the new component (a DNS-1123 label)'),
        owner: z => z.string().describe('Entity ref of the owning group'),
        system: z => z.string().optional().describe('Entity ref of the system it belongs to'),
      },
      output: {
        repoUrl: z => z.string().describe('Where the repository will be; git clone accepts it'),
        defaultBranch: z => z.string().describe('Branch that will be pushed'),
        templateRef: z => z.string().describe('Entity ref of the template being run'),
        templateVersion: z =>
          z.string().describe(`The template's ${PAVED_ANNOTATIONS.templateVersion} annotation`),
      },
    },
    async handler(ctx) {
      const { name, owner, system } = ctx.input;
      const credentials = await ctx.getInitiatorCredentials();
      const problems: string[] = [];

      const nameProblem = describeInvalidComponentName(name);
      if (nameProblem) {
        problems.push(`name '${name}' is not valid: ${nameProblem}`);
      } else {
        const { items } = await catalog.getEntities(
          {
            filter: SOFTWARE_ENTITY_KINDS.map(kind => ({ kind, 'metadata.name': name })),
            fields: ['kind', 'metadata.namespace', 'metadata.name'],
          },
          { credentials },
        );
        if (items.length > 0) {
          problems.push(
            `name '${name}' is already used in the catalog by ${items.map(e => stringifyEntityRef(e)).join(', ')}`,
          );
        } else if (await publisher.exists(name)) {
          problems.push(`a repository named '${name}' already exists at the ${publisher.target} git host`);
        } else {
          ctx.logger.info(`Name '${name}' is free in the catalog and at the git host`);
        }
      }

      const checkRef = async (value: string | undefined, field: string, kind: string) => {
        if (!value) {
          if (field === 'owner') problems.push('owner is required: pick the group that will own it');
          return;
        }
        const ref = parseRef(value, field, kind);
        if (typeof ref === 'string') {
          problems.push(ref);
          return;
        }
        if (ref.kind.toLowerCase() !== kind.toLowerCase()) {
          problems.push(`${field} '${value}' must be a ${kind}, not a ${ref.kind}`);
          return;
        }
        const entity = await catalog.getEntityByRef(ref, { credentials });
        if (!entity) {
          problems.push(`${field} '${stringifyEntityRef(ref)}' does not exist in the catalog`);
        } else {
          ctx.logger.info(`Found ${field} ${stringifyEntityRef(entity)}`);
        }
      };
      await checkRef(owner, 'owner', 'Group');
      await checkRef(system, 'system', 'System');

      if (problems.length > 0) {
        throw new InputError(`Cannot create '${name}': ${problems.join('; ')}`);
      }

      ctx.output('repoUrl', await publisher.cloneUrlFor(name, config.defaultBranch));
      ctx.output('defaultBranch', config.defaultBranch);
      ctx.output('templateRef', ctx.templateInfo?.entityRef ?? 'unknown');
      ctx.output(
        'templateVersion',
        ctx.templateInfo?.entity?.metadata.annotations?.[PAVED_ANNOTATIONS.templateVersion] ??
          'unversioned',
      );
    },
  });
}
