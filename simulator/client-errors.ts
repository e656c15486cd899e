// Turns a schema failure of a client event into the error the real API sends: `code`,
// a readable `message` and the dotted `param` path (e.g. `session.audio.input.voice`).
import type { ValidationResult } from '../src/lib/protocol/validate';

export interface ErrorInfo {
  type: 'invalid_request_error' | 'server_error';
  code: string | null;
  message: string;
  param: string | null;
}

/** `/session/audio/0/x` → `session.audio[0].x` */
export function dottedPath(pointer: string): string {
  return pointer
    .split('/')
    .filter(Boolean)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), '');
}

const join = (base: string, leaf: string): string => (base ? `${base}.${leaf}` : leaf);

export function describeValidationFailure(event: unknown, result: ValidationResult): ErrorInfo {
  const type = (event as { type?: unknown } | null)?.type;
  if (event === null || typeof event !== 'object' || Array.isArray(event)) {
    return { type: 'invalid_request_error', code: 'invalid_event', message: 'An event must be a JSON object.', param: null };
  }
  if (type === undefined) {
    return { type: 'invalid_request_error', code: 'invalid_event', message: "The 'type' field is missing.", param: 'type' };
  }
  if (typeof type !== 'string' || result.errors.some((e) => e.startsWith('/type: unknown'))) {
    return {
      type: 'invalid_request_error',
      code: 'invalid_value',
      message: `Invalid value: '${String(type)}'. Supported values are the GA client event types.`,
      param: 'type',
    };
  }
  // Prefer the most telling failure: a missing `type` (nothing else can be judged without it),
  // then an unknown field, then a missing one, then a wrong value.
  const parsed = result.errors.map(parseError);
  const pick =
    parsed.find((e) => e.code === 'missing_required_parameter' && /(^|\.)type$/.test(e.param ?? '')) ??
    parsed.find((e) => e.code === 'unknown_parameter') ??
    parsed.find((e) => e.code === 'missing_required_parameter') ??
    parsed[0];
  return pick ?? { type: 'invalid_request_error', code: 'invalid_event', message: `Invalid '${type}' event.`, param: null };
}

function parseError(line: string): ErrorInfo {
  const match = line.match(/^(\/[^:]*): (.*)$/);
  const path = dottedPath(match?.[1] ?? '/');
  const text = match?.[2] ?? line;
  const extra = text.match(/must NOT have additional properties \((.+)\)$/);
  if (extra) {
    const param = join(path, extra[1]);
    return { type: 'invalid_request_error', code: 'unknown_parameter', message: `Unknown parameter: '${param}'.`, param };
  }
  const missing = text.match(/must have required property '(.+)'/);
  if (missing) {
    const param = join(path, missing[1]);
    return { type: 'invalid_request_error', code: 'missing_required_parameter', message: `Missing required parameter: '${param}'.`, param };
  }
  const typeMismatch = text.match(/^must be (string|number|integer|boolean|object|array|null)/);
  if (typeMismatch) {
    return {
      type: 'invalid_request_error',
      code: 'invalid_type',
      message: `Invalid type for '${path}': expected ${typeMismatch[1] === 'integer' ? 'an integer' : `a ${typeMismatch[1]}`}.`,
      param: path || null,
    };
  }
  return { type: 'invalid_request_error', code: 'invalid_value', message: `Invalid value for '${path}': ${text}.`, param: path || null };
}
