/**
 * Annotation keys Paved reads and writes. All live under `paved.dev/`; `backstage.io/` is
 * reserved for Backstage itself.
 *
 * @public
 */
export const PAVED_ANNOTATIONS = {
  /** Template an entity was scaffolded from, as an entity ref. */
  template: 'paved.dev/template',
  /** Version of that template when the entity was scaffolded. */
  templateVersion: 'paved.dev/template-version',
  /** On a Template: recommended / supported / deprecated. */
  lifecycle: 'paved.dev/lifecycle',
  /** On a deprecated Template: what to tell people before they use it. */
  deprecationMessage: 'paved.dev/deprecation-message',
  /** On a deprecated Template: the entity ref of the template to use instead. */
  replacedBy: 'paved.dev/replaced-by',
  /** OpenTelemetry `service.name` of a component; defaults to its name. */
  otelServiceName: 'paved.dev/otel-service-name',
  /** Kubernetes cluster a component deploys to. */
  deployCluster: 'paved.dev/deploy-cluster',
  /** Kubernetes namespace a component deploys to. */
  deployNamespace: 'paved.dev/deploy-namespace',
  /** Kafka cluster a pipeline reads, by its name in app-config. */
  kafkaCluster: 'paved.dev/kafka-cluster',
} as const;

/**
 * How a platform team positions a golden path. Recommended ones are shown first; deprecated ones
 * are hidden unless asked for and warn before they run.
 *
 * @public
 */
export const TEMPLATE_LIFECYCLES = [
  'recommended',
  'supported',
  'deprecated',
] as const;

/** @public */
export type TemplateLifecycle = (typeof TEMPLATE_LIFECYCLES)[number];

/**
 * Reads a template's lifecycle annotation; templates without one (or with an unknown value)
 * count as `supported`, so a typo never promotes or hides a template.
 *
 * @public
 */
export function templateLifecycleOf(entity: {
  metadata: { annotations?: Record<string, string> };
}): TemplateLifecycle {
  const value = entity.metadata.annotations?.[PAVED_ANNOTATIONS.lifecycle]
    ?.trim()
    .toLowerCase();
  return (TEMPLATE_LIFECYCLES as readonly string[]).includes(value ?? '')
    ? (value as TemplateLifecycle)
    : 'supported';
}
