import { TemplateEntityV1beta3 } from '@backstage/plugin-scaffolder-common';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  PAVED_ANNOTATIONS,
  TemplateLifecycle,
  templateLifecycleOf,
} from '@paved/plugin-paved-common';

/** What the golden-path gallery shows about one template, read once from its entity. */
export interface TemplateFacts {
  ref: string;
  namespace: string;
  name: string;
  title: string;
  description: string;
  category: string;
  owner?: string;
  tags: string[];
  version?: string;
  lifecycle: TemplateLifecycle;
  deprecationMessage?: string;
  replacedBy?: string;
}

export function templateFacts(template: TemplateEntityV1beta3): TemplateFacts {
  const annotations = template.metadata.annotations ?? {};
  return {
    ref: stringifyEntityRef(template),
    namespace: template.metadata.namespace ?? 'default',
    name: template.metadata.name,
    title: template.metadata.title ?? template.metadata.name,
    description: template.metadata.description ?? '',
    category: template.spec.type || 'other',
    // Owners may be written as a short name ("platform-team"); links need the full ref.
    owner: template.spec.owner
      ? stringifyEntityRef(
          parseEntityRef(template.spec.owner, {
            defaultKind: 'group',
            defaultNamespace: template.metadata.namespace ?? 'default',
          }),
        )
      : undefined,
    tags: template.metadata.tags ?? [],
    version: annotations[PAVED_ANNOTATIONS.templateVersion],
    lifecycle: templateLifecycleOf(template),
    deprecationMessage: annotations[PAVED_ANNOTATIONS.deprecationMessage],
    replacedBy: annotations[PAVED_ANNOTATIONS.replacedBy],
  };
}

export const LIFECYCLE_GROUPS: Array<{
  lifecycle: TemplateLifecycle;
  title: string;
  blurb: string;
}> = [
  {
    lifecycle: 'recommended',
    title: 'Recommended',
    blurb: 'The paved road: start here unless you have a reason not to.',
  },
  {
    lifecycle: 'supported',
    title: 'Supported',
    blurb:
      'Maintained by their owners for the cases the recommended paths do not cover.',
  },
  {
    lifecycle: 'deprecated',
    title: 'Deprecated',
    blurb:
      'Kept for teams that still depend on them. Prefer their replacements.',
  },
];
