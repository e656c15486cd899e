// Checks events against the project's protocol schema (generated from the `openai` types).
// Client events and our simulator's output are checked strictly: an unknown or beta-shaped
// field is an error. Events from a real server are checked leniently by default, since the
// live API may add fields before the published types catch up.
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { allowedTags, withDiscriminators } from './discriminators';
import protocolSchema from './protocol.schema.json';

export type EventDirection = 'client' | 'server';

export interface ValidationResult {
  valid: boolean;
  /** The event's `type`, when it has one. */
  type?: string;
  /** Readable messages, e.g. `/session/voice: must NOT have additional properties (voice)`. */
  errors: string[];
}

interface JsonSchemaNode {
  $ref?: string;
  anyOf?: JsonSchemaNode[];
  properties?: Record<string, JsonSchemaNode>;
  const?: unknown;
  [keyword: string]: unknown;
}

const definitions = (protocolSchema as { definitions: Record<string, JsonSchemaNode> }).definitions;
const UNION_NAMES: Record<EventDirection, string> = { client: 'ClientEvent', server: 'ServerEvent' };

function refName(ref: string): string {
  return decodeURIComponent(ref.replace('#/definitions/', ''));
}

/** Maps each event `type` of one direction to the name of its definition. */
function indexEventTypes(direction: EventDirection): Map<string, string> {
  const index = new Map<string, string>();
  const visit = (name: string): void => {
    const node = definitions[name];
    const type = node?.properties?.type?.const;
    if (typeof type === 'string') index.set(type, name);
    else if (node?.$ref) visit(refName(node.$ref));
    else for (const branch of node?.anyOf ?? []) if (branch.$ref) visit(refName(branch.$ref));
  };
  visit(UNION_NAMES[direction]);
  return index;
}

export const CLIENT_EVENT_TYPES: ReadonlyMap<string, string> = indexEventTypes('client');
export const SERVER_EVENT_TYPES: ReadonlyMap<string, string> = indexEventTypes('server');

/** The same schema with every `additionalProperties: false` lifted. */
function lenientCopy(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(lenientCopy);
  if (node === null || typeof node !== 'object') return node;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'additionalProperties' && value === false) continue;
    copy[key] = lenientCopy(value);
  }
  return copy;
}

type Mode = 'strict' | 'lenient';
const ajvByMode = new Map<Mode, Ajv>();
const validatorCache = new Map<string, ValidateFunction>();

function ajvFor(mode: Mode): Ajv {
  let ajv = ajvByMode.get(mode);
  if (!ajv) {
    // verbose: a discriminator error then carries its schema, to name the allowed `type` values.
    ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, discriminator: true, verbose: true });
    ajv.addSchema(withDiscriminators(mode === 'strict' ? protocolSchema : (lenientCopy(protocolSchema) as object)), 'protocol');
    ajvByMode.set(mode, ajv);
  }
  return ajv;
}

function validatorFor(mode: Mode, definition: string): ValidateFunction {
  const key = `${mode}:${definition}`;
  let validate = validatorCache.get(key);
  if (!validate) {
    validate = ajvFor(mode).getSchema(`protocol#/definitions/${encodeURIComponent(definition)}`);
    if (!validate) throw new Error(`protocol schema has no definition ${definition}`);
    validatorCache.set(key, validate);
  }
  return validate;
}

export function formatSchemaError(error: ErrorObject): string {
  const where = error.instancePath || '/';
  const params = error.params as Record<string, unknown>;
  // Said the way the other errors are, so readers (and the simulator's error codes) need no new case.
  if (error.keyword === 'discriminator') {
    if (params.error === 'tag') return `${where}: must have required property '${String(params.tag)}'`;
    return `${error.instancePath}/${String(params.tag)}: must be equal to one of the allowed values (${JSON.stringify(allowedTags(error.parentSchema, definitions))})`;
  }
  const detail =
    params.additionalProperty !== undefined
      ? ` (${String(params.additionalProperty)})`
      : params.allowedValues !== undefined
        ? ` (${JSON.stringify(params.allowedValues)})`
        : '';
  return `${where}: ${error.message ?? 'is invalid'}${detail}`;
}

/** Drops the noise of failed `anyOf` branches when a more specific error exists. */
function readableErrors(errors: ErrorObject[] | null | undefined): string[] {
  const list = errors ?? [];
  const specific = list.filter((e) => e.keyword !== 'anyOf');
  const messages = (specific.length ? specific : list).map(formatSchemaError);
  return Array.from(new Set(messages));
}

function validate(direction: EventDirection, event: unknown, mode: Mode): ValidationResult {
  if (event === null || typeof event !== 'object' || Array.isArray(event)) {
    return { valid: false, errors: ['/: an event must be a JSON object'] };
  }
  const type = (event as { type?: unknown }).type;
  if (typeof type !== 'string') {
    return { valid: false, errors: ['/type: must be a string'] };
  }
  const definition = (direction === 'client' ? CLIENT_EVENT_TYPES : SERVER_EVENT_TYPES).get(type);
  if (!definition) {
    return { valid: false, type, errors: [`/type: unknown ${direction} event type "${type}"`] };
  }
  const check = validatorFor(mode, definition);
  const valid = check(event) as boolean;
  return { valid, type, errors: valid ? [] : readableErrors(check.errors) };
}

/** Validates an event a client sends. Always strict. */
export function validateClientEvent(event: unknown): ValidationResult {
  return validate('client', event, 'strict');
}

/**
 * Validates an event a server sends. `strict` (used for our simulator) rejects fields the
 * published types do not declare; the default accepts them, as a client of the live API must.
 */
export function validateServerEvent(event: unknown, options: { strict?: boolean } = {}): ValidationResult {
  return validate('server', event, options.strict ? 'strict' : 'lenient');
}
