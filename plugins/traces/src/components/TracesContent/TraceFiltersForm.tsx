import { FormEvent, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Switch from '@material-ui/core/Switch';
import TextField from '@material-ui/core/TextField';
import { TraceFilters, parseAttribute } from './searchParams';

const msText = (ms: number | undefined) => (ms === undefined ? '' : String(ms));

function parseMs(text: string): number | undefined | 'invalid' {
  if (text.trim() === '') return undefined;
  const ms = Number(text);
  return Number.isFinite(ms) && ms >= 0 ? ms : 'invalid';
}

/**
 * Duration bounds, errors only and attribute equality for the trace list. Typed values apply on
 * Search (or Enter); the switch and removing an attribute apply at once.
 */
export function TraceFiltersForm(props: {
  filters: TraceFilters;
  onChange: (filters: TraceFilters) => void;
}) {
  const { filters, onChange } = props;
  const [min, setMin] = useState(msText(filters.minDurationMs));
  const [max, setMax] = useState(msText(filters.maxDurationMs));
  const [attr, setAttr] = useState('');
  const [attrError, setAttrError] = useState<string | undefined>();

  const minMs = parseMs(min);
  const maxMs = parseMs(max);
  const rangeError =
    minMs !== 'invalid' &&
    maxMs !== 'invalid' &&
    minMs !== undefined &&
    maxMs !== undefined &&
    minMs > maxMs;
  const invalid = minMs === 'invalid' || maxMs === 'invalid' || rangeError;
  let minHelp = ' ';
  if (minMs === 'invalid') minHelp = 'A number of milliseconds';
  else if (rangeError) minHelp = 'More than the maximum';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (invalid) return;
    let attributes = filters.attributes;
    if (attr.trim()) {
      const parsed = parseAttribute(attr);
      if (!parsed) {
        setAttrError('Write it as key=value');
        return;
      }
      attributes = { ...attributes, [parsed.key]: parsed.value };
      setAttr('');
    }
    setAttrError(undefined);
    onChange({
      ...filters,
      minDurationMs: minMs as number | undefined,
      maxDurationMs: maxMs as number | undefined,
      attributes,
    });
  };

  const removeAttribute = (key: string) => {
    const { [key]: _removed, ...rest } = filters.attributes;
    onChange({ ...filters, attributes: rest });
  };

  return (
    <Box
      component="form"
      onSubmit={submit}
      display="flex"
      flexWrap="wrap"
      alignItems="flex-start"
      style={{ gap: 12 }}
      aria-label="Trace filters"
    >
      <TextField
        id="traces-min-duration"
        label="Min duration (ms)"
        size="small"
        variant="outlined"
        inputMode="decimal"
        value={min}
        onChange={e => setMin(e.target.value)}
        error={minMs === 'invalid' || rangeError}
        helperText={minHelp}
        style={{ width: 160 }}
      />
      <TextField
        id="traces-max-duration"
        label="Max duration (ms)"
        size="small"
        variant="outlined"
        inputMode="decimal"
        value={max}
        onChange={e => setMax(e.target.value)}
        error={maxMs === 'invalid'}
        helperText={maxMs === 'invalid' ? 'A number of milliseconds' : ' '}
        style={{ width: 160 }}
      />
      <TextField
        id="traces-attribute"
        label="Attribute"
        placeholder="http.response.status_code=500"
        size="small"
        variant="outlined"
        value={attr}
        onChange={e => {
          setAttr(e.target.value);
          setAttrError(undefined);
        }}
        error={!!attrError}
        helperText={attrError ?? 'key=value, on a span of this service'}
        style={{ width: 300 }}
      />
      <Button type="submit" variant="outlined" disabled={invalid}>
        Search
      </Button>
      <FormControlLabel
        control={
          <Switch
            checked={filters.errorsOnly}
            onChange={e =>
              onChange({ ...filters, errorsOnly: e.target.checked })
            }
            color="primary"
          />
        }
        label="Errors only"
      />
      {Object.entries(filters.attributes).length > 0 && (
        <Box
          width="100%"
          display="flex"
          flexWrap="wrap"
          style={{ gap: 6 }}
          data-testid="attribute-filters"
        >
          {Object.entries(filters.attributes).map(([key, value]) => (
            <Chip
              key={key}
              size="small"
              label={`${key}=${value}`}
              onDelete={() => removeAttribute(key)}
            />
          ))}
        </Box>
      )}
    </Box>
  );
}
