// One fact in one place: where the generated protocol schema carries a range (issue 12, item 11),
// the form refuses exactly what the schema (and so the event log and the simulator) refuses.
import protocolSchema from '../../lib/protocol/protocol.schema.json';
import { LIMITS, rangeError, type LimitedField } from './limits';

const PROPERTY_OF: Record<string, LimitedField> = {
  threshold: 'vadThreshold',
  prefix_padding_ms: 'vadPrefixPaddingMs',
  silence_duration_ms: 'vadSilenceDurationMs',
  idle_timeout_ms: 'idleTimeoutMs',
  max_output_tokens: 'maxOutputTokens',
  speed: 'speed',
  retention_ratio: 'retentionRatio',
  post_instructions: 'truncationTokenLimit',
};

interface Node {
  minimum?: number;
  maximum?: number;
  type?: string | string[];
  properties?: Record<string, Node>;
  anyOf?: Node[];
  [key: string]: unknown;
}

/** Every range the schema gives a property named in PROPERTY_OF, as [property, range]. */
function schemaRanges(node: unknown, property: string | null, out: Array<[string, Node]>): Array<[string, Node]> {
  if (Array.isArray(node)) node.forEach((child) => schemaRanges(child, null, out));
  else if (node && typeof node === 'object') {
    const n = node as Node;
    if (property && property in PROPERTY_OF && (n.minimum !== undefined || n.maximum !== undefined)) out.push([property, n]);
    for (const [key, child] of Object.entries(n)) {
      if (key === 'properties') for (const [name, value] of Object.entries(child as Record<string, Node>)) schemaRanges(value, name, out);
      else if (key === 'anyOf' || key === 'oneOf' || key === 'allOf') (child as Node[]).forEach((branch) => schemaRanges(branch, property, out));
      else schemaRanges(child, null, out);
    }
  }
  return out;
}

test("where the protocol schema has a range, it is the form's", () => {
  for (const [property, range] of schemaRanges(protocolSchema, null, [])) {
    const limit = LIMITS[PROPERTY_OF[property]];
    const types = ([] as string[]).concat(range.type ?? []);
    expect([property, range.minimum, range.maximum ?? null, types.includes('integer')]).toEqual([
      property,
      limit.min,
      limit.max === Number.MAX_SAFE_INTEGER ? null : limit.max,
      limit.integer,
    ]);
  }
});

test('the messages name the range', () => {
  expect(rangeError('speed', 1)).toBeNull();
  expect(rangeError('speed', 0.2)).toBe('a number from 0.25 to 1.5');
  expect(rangeError('idleTimeoutMs', 5000.5)).toBe('a whole number from 5000 to 30000');
  expect(rangeError('truncationTokenLimit', -1)).toBe('a whole number from 0');
  expect(rangeError('vadThreshold', Number.NaN)).toBe('a number from 0 to 1');
});
