import { UIEvent, useMemo, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { Trace } from '@paved/plugin-traces-common';
import { formatCount, formatCounted, formatDurationNs } from '../../format';
import { serviceColor } from '../serviceColor';
import { SpanDetails } from './SpanDetails';
import { SpanNode, buildTraceTree, visibleRows } from './traceTree';

const ROW_HEIGHT = 26;
const MAX_HEIGHT = 640;
const OVERSCAN = 10;
const LABEL_WIDTH = '38%';
const INDENT = 14;

const useStyles = makeStyles(theme => ({
  viewport: {
    position: 'relative',
    overflowY: 'auto',
    borderTop: `1px solid ${theme.palette.divider}`,
  },
  row: {
    position: 'absolute',
    left: 0,
    right: 0,
    height: ROW_HEIGHT,
    display: 'flex',
    alignItems: 'center',
    cursor: 'pointer',
    fontSize: 13,
    borderBottom: `1px solid ${theme.palette.divider}`,
    '&:hover': { background: theme.palette.action.hover },
    '&:focus-visible': {
      outline: `2px solid ${theme.palette.primary.main}`,
      outlineOffset: -2,
    },
  },
  selected: { background: theme.palette.action.selected },
  label: {
    width: LABEL_WIDTH,
    flexShrink: 0,
    display: 'flex',
    alignItems: 'center',
    overflow: 'hidden',
    whiteSpace: 'nowrap',
    paddingRight: 8,
  },
  toggle: {
    width: 18,
    flexShrink: 0,
    border: 'none',
    background: 'none',
    padding: 0,
    cursor: 'pointer',
    color: theme.palette.text.secondary,
    fontSize: 11,
  },
  service: { fontWeight: 500, marginRight: 6 },
  name: { overflow: 'hidden', textOverflow: 'ellipsis' },
  error: { color: theme.palette.error.main, fontWeight: 600 },
  marker: {
    marginLeft: 6,
    padding: '0 4px',
    borderRadius: 3,
    fontSize: 11,
    border: `1px dashed ${theme.palette.warning.main}`,
    color: theme.palette.warning.dark,
    flexShrink: 0,
  },
  lane: { position: 'relative', flexGrow: 1, height: '100%' },
  bar: {
    position: 'absolute',
    top: 7,
    height: 12,
    minWidth: 2,
    borderRadius: 2,
  },
  barError: {
    outline: `2px solid ${theme.palette.error.main}`,
    backgroundImage: `repeating-linear-gradient(45deg, transparent 0 4px, rgba(255,255,255,.45) 4px 7px)`,
  },
  duration: {
    position: 'absolute',
    top: 5,
    fontSize: 11,
    color: theme.palette.text.secondary,
    whiteSpace: 'nowrap',
  },
  axis: {
    display: 'flex',
    height: 22,
    fontSize: 11,
    color: theme.palette.text.secondary,
  },
}));

/**
 * Every span of a trace as a tree on one time axis, with its details beside it. Only the rows
 * in view are rendered, so a trace of thousands of spans scrolls as lightly as a small one.
 */
export function TraceWaterfall(props: { trace: Trace }) {
  const classes = useStyles();
  const tree = useMemo(() => buildTraceTree(props.trace.spans), [props.trace]);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [selected, setSelected] = useState<SpanNode | undefined>();
  const [scrollTop, setScrollTop] = useState(0);
  const rows = useMemo(() => visibleRows(tree, collapsed), [tree, collapsed]);

  const height = Math.min(MAX_HEIGHT, rows.length * ROW_HEIGHT);
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(
    rows.length,
    Math.ceil((scrollTop + MAX_HEIGHT) / ROW_HEIGHT) + OVERSCAN,
  );
  const total = Math.max(1, tree.durationNs);
  const pct = (ns: number) => `${(ns / total) * 100}%`;

  const toggle = (node: SpanNode) => {
    const next = new Set(collapsed);
    if (next.has(node.key)) next.delete(node.key);
    else next.add(node.key);
    setCollapsed(next);
  };
  const collapseAll = () =>
    setCollapsed(
      new Set(tree.all.filter(n => n.children.length).map(n => n.key)),
    );

  return (
    <Grid container spacing={2}>
      <Grid item xs={12} lg={selected ? 8 : 12}>
        <Box
          display="flex"
          alignItems="center"
          flexWrap="wrap"
          style={{ gap: 16 }}
          mb={1}
          data-testid="trace-summary"
        >
          <Typography variant="body2">
            {formatCounted(props.trace.spans.length, 'span')} ·{' '}
            {formatCounted(tree.services.length, 'service')} ·{' '}
            {formatDurationNs(tree.durationNs)}
          </Typography>
          {tree.errorCount > 0 && (
            <Typography variant="body2" className={classes.error}>
              {formatCount(tree.errorCount)} with errors
            </Typography>
          )}
          {tree.orphanCount > 0 && (
            <Typography variant="body2" color="textSecondary">
              {formatCount(tree.orphanCount)} whose parent span is missing
            </Typography>
          )}
          <Box flexGrow={1} />
          <Button size="small" onClick={() => setCollapsed(new Set())}>
            Expand all
          </Button>
          <Button size="small" onClick={collapseAll}>
            Collapse all
          </Button>
        </Box>
        <Box display="flex" flexWrap="wrap" style={{ gap: 12 }} mb={1}>
          {tree.services.map(s => (
            <Typography key={s} variant="caption">
              <span style={{ color: serviceColor(s) }}>■</span> {s}
            </Typography>
          ))}
        </Box>
        <div className={classes.axis} aria-hidden>
          <div style={{ width: LABEL_WIDTH, flexShrink: 0 }}>
            Service: operation
          </div>
          <div style={{ position: 'relative', flexGrow: 1 }}>
            {[0, 0.25, 0.5, 0.75, 1].map(f => (
              <span
                key={f}
                style={{
                  position: 'absolute',
                  left: `${f * 100}%`,
                  transform: `translateX(${-f * 100}%)`,
                }}
              >
                {formatDurationNs(tree.durationNs * f)}
              </span>
            ))}
          </div>
        </div>
        <div
          className={classes.viewport}
          style={{ height }}
          onScroll={(e: UIEvent<HTMLDivElement>) =>
            setScrollTop(e.currentTarget.scrollTop)
          }
          role="tree"
          aria-label="Spans"
        >
          <div style={{ height: rows.length * ROW_HEIGHT }}>
            {rows.slice(first, last).map((node, i) => {
              const index = first + i;
              const { span } = node;
              const isError = span.status.code === 'ERROR';
              const isCollapsed = collapsed.has(node.key);
              const color = serviceColor(span.service);
              return (
                <div
                  key={node.key}
                  role="treeitem"
                  aria-level={node.depth + 1}
                  aria-selected={selected === node}
                  aria-expanded={
                    node.children.length ? !isCollapsed : undefined
                  }
                  tabIndex={0}
                  data-testid={`span-row-${node.key}`}
                  data-error={isError || undefined}
                  className={`${classes.row} ${
                    selected === node ? classes.selected : ''
                  }`}
                  style={{ top: index * ROW_HEIGHT }}
                  onClick={() => setSelected(node)}
                  onKeyDown={e => {
                    if (e.key === 'Enter') setSelected(node);
                    if (e.key === ' ' && node.children.length) {
                      e.preventDefault();
                      toggle(node);
                    }
                  }}
                >
                  <div
                    className={classes.label}
                    style={{ paddingLeft: node.depth * INDENT }}
                  >
                    {node.children.length ? (
                      <button
                        type="button"
                        className={classes.toggle}
                        aria-label={`${isCollapsed ? 'Expand' : 'Collapse'} ${
                          span.name
                        }`}
                        onClick={e => {
                          e.stopPropagation();
                          toggle(node);
                        }}
                      >
                        {isCollapsed ? '▶' : '▼'}
                      </button>
                    ) : (
                      <span className={classes.toggle} />
                    )}
                    <span className={classes.service} style={{ color }}>
                      {span.service}
                    </span>
                    <span
                      className={`${classes.name} ${
                        isError ? classes.error : ''
                      }`}
                    >
                      {isError && '⚠ '}
                      {span.name}
                    </span>
                    {node.orphan && (
                      <span className={classes.marker}>parent missing</span>
                    )}
                    {isCollapsed && (
                      <span
                        className={`${classes.marker} ${
                          node.errorBelow ? classes.error : ''
                        }`}
                        style={{ borderStyle: 'solid' }}
                      >
                        +{node.descendants}
                        {node.errorBelow && !isError ? ' incl. errors' : ''}
                      </span>
                    )}
                  </div>
                  <div className={classes.lane}>
                    <div
                      className={`${classes.bar} ${
                        isError ? classes.barError : ''
                      }`}
                      style={{
                        left: pct(node.offsetNs),
                        width: pct(node.durationNs),
                        background: color,
                      }}
                    />
                    <span
                      className={classes.duration}
                      style={
                        node.offsetNs + node.durationNs > total * 0.8
                          ? {
                              right: `calc(${pct(
                                total - node.offsetNs,
                              )} + 4px)`,
                            }
                          : {
                              left: `calc(${pct(
                                node.offsetNs + node.durationNs,
                              )} + 4px)`,
                            }
                      }
                    >
                      {formatDurationNs(node.durationNs)}
                    </span>
                  </div>
                </div>
              );
            })}
          </div>
        </div>
      </Grid>
      {selected && (
        <Grid item xs={12} lg={4}>
          <SpanDetails
            node={selected}
            services={props.trace.services}
            onClose={() => setSelected(undefined)}
          />
        </Grid>
      )}
    </Grid>
  );
}
