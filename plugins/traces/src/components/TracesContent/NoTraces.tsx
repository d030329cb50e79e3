import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { CodeSnippet, EmptyState } from '@backstage/core-components';
import { PAVED_ANNOTATIONS } from '@paved/plugin-paved-common';

/** The standard OpenTelemetry SDK variables; the header value is percent-encoded by the spec. */
function snippet(service: string, ingestUrl: string) {
  return `OTEL_SERVICE_NAME=${service}
OTEL_TRACES_EXPORTER=otlp
OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=http/protobuf
OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=${ingestUrl}
OTEL_EXPORTER_OTLP_TRACES_HEADERS=Authorization=Bearer%20<token>`;
}

/** No span of the service arrived in the window: how to send some, instead of empty charts. */
export function NoTraces(props: {
  service: string;
  ingestUrl: string | undefined;
  rangeLabel: string;
}) {
  const ingestUrl = props.ingestUrl ?? '<backend>/api/traces/v1/traces';
  return (
    <div data-testid="no-traces">
      <EmptyState
        missing="data"
        title={`No traces from ${
          props.service
        } in the ${props.rangeLabel.toLowerCase()}`}
        description={`The portal receives OTLP/HTTP traces (protobuf or JSON) at ${ingestUrl}, with an "Authorization: Bearer <token>" header carrying the ingest token (traces.ingest.token in app-config, or PAVED_OTLP_TOKEN; ./scripts/start writes one to .data/otlp-token). Spans show up here when their resource's service.name is "${props.service}".`}
        action={
          <Box maxWidth={720}>
            <Typography variant="body2" paragraph>
              Any OpenTelemetry SDK or Collector can send them. For an SDK, set:
            </Typography>
            <CodeSnippet
              language="bash"
              text={snippet(props.service, ingestUrl)}
              showCopyCodeButton
            />
            <Typography variant="body2" color="textSecondary">
              A component whose spans carry another service.name says so with
              the <code>{PAVED_ANNOTATIONS.otelServiceName}</code> annotation.
            </Typography>
          </Box>
        }
      />
    </div>
  );
}
