import {
  CompoundEntityRef,
  KubernetesValidatorFunctions,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
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
  const example = `${defaultKind.toLowerCase()}:default/<name>`;
  let ref: CompoundEntityRef;
  try {
    ref = parseEntityRef(value.trim(), {
      defaultKind,
      defaultNamespace: 'default',
    });
  } catch {
    return `${field} '${value}' is not an entity reference like ${example}`;
  }
  if (
    !KubernetesValidatorFunctions.isValidObjectName(ref.name) ||
    !KubernetesValidatorFunctions.isValidNamespace(
      ref.namespace.toLowerCase(),
    ) ||
    !/^[a-zA-Z][a-z0-9A-Z]*$/.test(ref.kind)
  ) {
    return `${field} '${value}' is not an entity reference like ${example}`;
  }
  return ref;
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
        name: z =>
          z.string().describe('Name of the new component (a DNS-1123 label)'),
        owner: z => z.string().describe('Entity ref of the owning group'),
        system: z =>
          z
            .string()
            .optional()
            .describe('Entity ref of the system it belongs to'),
        distinct: z =>
          z
            .record(z.string(), z.unknown())
            .optional()
            .describe(
              'Named values that must all differ, e.g. { inputTopic, outputTopic }',
            ),
      },
      output: {
        repoUrl: z =>
          z
            .string()
            .describe('Where the repository will be; git clone accepts it'),
        defaultBranch: z => z.string().describe('Branch that will be pushed'),
        templateRef: z =>
          z.string().describe('Entity ref of the template being run'),
        templateVersion: z =>
          z
            .string()
            .describe(
              `The template's ${PAVED_ANNOTATIONS.templateVersion} annotation`,
            ),
        owner: z =>
          z.string().describe('The owner as a full, lowercase entity ref'),
        system: z =>
          z
            .string()
            .describe('The system as a full, lowercase entity ref, or empty'),
        deployCluster: z =>
          z
            .string()
            .describe(
              'The first Kubernetes cluster in deployments.clusters, for paved.dev/deploy-cluster; empty when the portal has none',
            ),
        otlpTracesEndpoint: z =>
          z
            .string()
            .describe(
              "The portal's OTLP/HTTP traces URL as services reach it, the generated service's default export target; empty when the portal has no base URL",
            ),
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
            filter: SOFTWARE_ENTITY_KINDS.map(kind => ({
              kind,
              'metadata.name': name,
            })),
            fields: ['kind', 'metadata.namespace', 'metadata.name'],
          },
          { credentials },
        );
        if (items.length > 0) {
          problems.push(
            `name '${name}' is already used in the catalog by ${items
              .map(e => stringifyEntityRef(e))
              .join(', ')}`,
          );
        } else if (await publisher.exists(name)) {
          problems.push(
            `a repository named '${name}' already exists at the ${publisher.target} git host`,
          );
        } else {
          ctx.logger.info(
            `Name '${name}' is free in the catalog and at the git host`,
          );
        }
      }

      const checkRef = async (
        value: string | undefined,
        field: string,
        kind: string,
      ): Promise<string | undefined> => {
        if (value === undefined || (field === 'owner' && !value.trim())) {
          if (field === 'owner')
            problems.push('owner is required: pick the group that will own it');
          return undefined;
        }
        if (!value.trim()) {
          problems.push(
            `${field} is empty: pick one, or leave the parameter out`,
          );
          return undefined;
        }
        const ref = parseRef(value, field, kind);
        if (typeof ref === 'string') {
          problems.push(ref);
          return undefined;
        }
        if (ref.kind.toLowerCase() !== kind.toLowerCase()) {
          problems.push(
            `${field} '${value}' must be a ${kind}, not a ${ref.kind}`,
          );
          return undefined;
        }
        const entity = await catalog.getEntityByRef(ref, { credentials });
        if (!entity) {
          problems.push(
            `${field} '${stringifyEntityRef(
              ref,
            )}' does not exist in the catalog`,
          );
          return undefined;
        }
        ctx.logger.info(`Found ${field} ${stringifyEntityRef(entity)}`);
        return stringifyEntityRef(entity);
      };
      const ownerRef = await checkRef(owner, 'owner', 'Group');
      const systemRef = await checkRef(system, 'system', 'System');

      const distinct = Object.entries(ctx.input.distinct ?? {});
      for (let i = 0; i < distinct.length; i++) {
        for (let j = i + 1; j < distinct.length; j++) {
          if (String(distinct[i][1]) === String(distinct[j][1])) {
            problems.push(
              `${distinct[i][0]} and ${distinct[j][0]} must differ (both are '${distinct[i][1]}')`,
            );
          }
        }
      }

      if (problems.length > 0) {
        throw new InputError(`Cannot create '${name}': ${problems.join('; ')}`);
      }

      ctx.output(
        'repoUrl',
        await publisher.cloneUrlFor(name, config.defaultBranch),
      );
      ctx.output('owner', ownerRef!);
      ctx.output('system', systemRef ?? '');
      ctx.output('defaultBranch', config.defaultBranch);
      ctx.output('deployCluster', config.deployCluster);
      ctx.output('otlpTracesEndpoint', config.otlpTracesEndpoint);
      ctx.output('templateRef', ctx.templateInfo?.entityRef ?? 'unknown');
      ctx.output(
        'templateVersion',
        ctx.templateInfo?.entity?.metadata.annotations?.[
          PAVED_ANNOTATIONS.templateVersion
        ] ?? 'unversioned',
      );
    },
  });
}
