import { PAVED_ANNOTATIONS } from '@paved/plugin-paved-common';

/**
 * The OpenTelemetry `service.name` a catalog entity's spans carry: its
 * `paved.dev/otel-service-name` annotation, else its name.
 *
 * @public
 */
export function otelServiceNameOf(entity: {
  metadata: { name: string; annotations?: Record<string, string> };
}): string {
  const annotated =
    entity.metadata.annotations?.[PAVED_ANNOTATIONS.otelServiceName]?.trim();
  return annotated || entity.metadata.name;
}
