import { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import IconButton from '@material-ui/core/IconButton';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import CloseIcon from '@material-ui/icons/Close';
import { InfoCard, Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { AttributeValue, Attributes } from '@paved/plugin-traces-common';
import { traceRouteRef } from '../../routes';
import { formatDurationNs } from '../../format';
import { SpanNode, nanos } from './traceTree';

const text = (v: AttributeValue) =>
  typeof v === 'string' ? v : JSON.stringify(v);

function Facts(props: { rows: Array<[string, ReactNode]>; testId?: string }) {
  return (
    <Table size="small" data-testid={props.testId}>
      <TableBody>
        {props.rows.map(([key, value]) => (
          <TableRow key={key}>
            <TableCell
              component="th"
              scope="row"
              style={{
                verticalAlign: 'top',
                width: '40%',
                wordBreak: 'break-all',
              }}
            >
              {key}
            </TableCell>
            <TableCell style={{ wordBreak: 'break-all' }}>{value}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

const attributeRows = (attributes: Attributes): Array<[string, ReactNode]> =>
  Object.keys(attributes)
    .sort()
    .map(key => [key, text(attributes[key])]);

function Section(props: {
  title: string;
  children: ReactNode;
  empty?: boolean;
}) {
  return (
    <Box mt={2}>
      <Typography variant="subtitle2">{props.title}</Typography>
      {props.empty ? (
        <Typography variant="body2" color="textSecondary">
          None
        </Typography>
      ) : (
        props.children
      )}
    </Box>
  );
}

const dropped = (n: number, what: string) =>
  n > 0 ? (
    <Typography variant="caption" color="textSecondary">
      {n} {what} dropped by the SDK
    </Typography>
  ) : null;

function TraceLink(props: { traceId: string }) {
  const traceLink = useRouteRef(traceRouteRef);
  const label = `trace ${props.traceId}`;
  return traceLink ? (
    <Link to={traceLink({ traceId: props.traceId })}>{label}</Link>
  ) : (
    <>{label}</>
  );
}

/** Everything the portal stored for one span. */
export function SpanDetails(props: {
  node: SpanNode;
  services: Record<string, string | null>;
  onClose: () => void;
}) {
  const { node, services } = props;
  const { span } = node;
  const entityRef = services[span.service];
  const startNs = nanos(span.startTimeUnixNano, span.startMs);
  const offset = (timeUnixNano: string) => {
    const ns = Number(nanos(timeUnixNano, span.startMs) - startNs);
    return ns < 0 ? `−${formatDurationNs(-ns)}` : `+${formatDurationNs(ns)}`;
  };
  const isError = span.status.code === 'ERROR';

  return (
    <div data-testid="span-details">
      <InfoCard
        title={span.name}
        subheader={
          entityRef ? (
            <EntityRefLink entityRef={entityRef}>{span.service}</EntityRefLink>
          ) : (
            span.service
          )
        }
        action={
          <IconButton aria-label="Close span details" onClick={props.onClose}>
            <CloseIcon />
          </IconButton>
        }
      >
        <Facts
          rows={[
            [
              'Status',
              <Typography
                variant="body2"
                color={isError ? 'error' : 'textPrimary'}
                component="span"
              >
                {span.status.code}
                {span.status.message && `: ${span.status.message}`}
              </Typography>,
            ],
            ['Kind', span.kind],
            ['Duration', formatDurationNs(node.durationNs)],
            [
              'Starts',
              `${formatDurationNs(node.offsetNs)} into the trace, ${new Date(
                span.startMs,
              ).toISOString()}`,
            ],
            ['Span ID', <code>{span.spanId}</code>],
            [
              'Parent span ID',
              span.parentSpanId ? (
                <>
                  <code>{span.parentSpanId}</code>
                  {node.orphan && ' (not in this trace: never arrived)'}
                </>
              ) : (
                'none (root span)'
              ),
            ],
            [
              'Scope',
              `${span.scope.name}${
                span.scope.version ? ` ${span.scope.version}` : ''
              }`,
            ],
          ]}
        />
        <Section
          title="Attributes"
          empty={Object.keys(span.attributes).length === 0}
        >
          <Facts
            rows={attributeRows(span.attributes)}
            testId="span-attributes"
          />
        </Section>
        {dropped(span.droppedAttributesCount, 'attributes')}
        <Section
          title={`Events (${span.events.length})`}
          empty={!span.events.length}
        >
          <Box data-testid="span-events">
            {span.events.map((event, i) => (
              <Box key={i} mt={1}>
                <Typography
                  variant="body2"
                  color={event.name === 'exception' ? 'error' : 'textPrimary'}
                >
                  <strong>{offset(event.timeUnixNano)}</strong> {event.name}
                </Typography>
                {Object.keys(event.attributes).length > 0 && (
                  <Facts rows={attributeRows(event.attributes)} />
                )}
              </Box>
            ))}
          </Box>
        </Section>
        {dropped(span.droppedEventsCount, 'events')}
        <Section
          title={`Links (${span.links.length})`}
          empty={!span.links.length}
        >
          {span.links.map(link => (
            <Box key={`${link.traceId}/${link.spanId}`} mt={1}>
              <Typography variant="body2">
                span <code>{link.spanId}</code> of{' '}
                {link.traceId === span.traceId ? (
                  'this trace'
                ) : (
                  <TraceLink traceId={link.traceId} />
                )}
              </Typography>
              {Object.keys(link.attributes).length > 0 && (
                <Facts rows={attributeRows(link.attributes)} />
              )}
            </Box>
          ))}
        </Section>
        {dropped(span.droppedLinksCount, 'links')}
        <Section
          title="Resource"
          empty={Object.keys(span.resource.attributes).length === 0}
        >
          <Facts rows={attributeRows(span.resource.attributes)} />
        </Section>
      </InfoCard>
    </div>
  );
}
