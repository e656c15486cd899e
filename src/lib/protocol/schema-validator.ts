// One generated event schema made into validators: the Realtime schema (validate.ts) and the
// GPT-Live schema (live-validate.ts) are checked the same way. Client events and our simulator's
// output are checked strictly: an unknown field is an error. Events from a real server are
// checked leniently by default, since the live API may add fields before the published types do.
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { allowedTags, withDiscriminators } from './discriminators';

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

export interface EventSchemaValidator {
  /** Each event `type` of one direction mapped to the name of its definition. */
  readonly clientTypes: ReadonlyMap<string, string>;
  readonly serverTypes: ReadonlyMap<string, string>;
  /** Always strict. */
  validateClientEvent(event: unknown): ValidationResult;
  /** Lenient unless `strict` (used for our simulator). */
  validateServerEvent(event: unknown, options?: { strict?: boolean }): ValidationResult;
  /** Validates a value against any named definition (e.g. a session config), strictly. */
  validateDefinition(definition: string, value: unknown): ValidationResult;
  formatSchemaError(error: ErrorObject): string;
}

function refName(ref: string): string {
  return decodeURIComponent(ref.replace('#/definitions/', ''));
}

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

/**
 * Builds the validators of one schema whose `unions` name the client and server event unions.
 * Ajv compiles lazily, per definition and mode, on first use.
 */
export function createEventSchemaValidator(schema: object, unions: Record<EventDirection, string>): EventSchemaValidator {
  const definitions = (schema as { definitions: Record<string, JsonSchemaNode> }).definitions;

  const indexEventTypes = (direction: EventDirection): Map<string, string> => {
    const index = new Map<string, string>();
    const visit = (name: string): void => {
      const node = definitions[name];
      const type = node?.properties?.type?.const;
      if (typeof type === 'string') index.set(type, name);
      else if (node?.$ref) visit(refName(node.$ref));
      else for (const branch of node?.anyOf ?? []) if (branch.$ref) visit(refName(branch.$ref));
    };
    visit(unions[direction]);
    return index;
  };
  const clientTypes = indexEventTypes('client');
  const serverTypes = indexEventTypes('server');

  const ajvByMode = new Map<Mode, Ajv>();
  const validatorCache = new Map<string, ValidateFunction>();
  const ajvFor = (mode: Mode): Ajv => {
    let ajv = ajvByMode.get(mode);
    if (!ajv) {
      // verbose: a discriminator error then carries its schema, to name the allowed `type` values.
      ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, discriminator: true, verbose: true });
      ajv.addSchema(withDiscriminators(mode === 'strict' ? schema : (lenientCopy(schema) as object)), 'protocol');
      ajvByMode.set(mode, ajv);
    }
    return ajv;
  };
  const validatorFor = (mode: Mode, definition: string): ValidateFunction => {
    const key = `${mode}:${definition}`;
    let validate = validatorCache.get(key);
    if (!validate) {
      validate = ajvFor(mode).getSchema(`protocol#/definitions/${encodeURIComponent(definition)}`);
      if (!validate) throw new Error(`protocol schema has no definition ${definition}`);
      validatorCache.set(key, validate);
    }
    return validate;
  };

  const formatSchemaError = (error: ErrorObject): string => {
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
  };

  /** Drops the noise of failed `anyOf` branches when a more specific error exists. */
  const readableErrors = (errors: ErrorObject[] | null | undefined): string[] => {
    const list = errors ?? [];
    const specific = list.filter((e) => e.keyword !== 'anyOf');
    const messages = (specific.length ? specific : list).map(formatSchemaError);
    return Array.from(new Set(messages));
  };

  const check = (definition: string, value: unknown, mode: Mode, type?: string): ValidationResult => {
    const run = validatorFor(mode, definition);
    const valid = run(value) as boolean;
    return { valid, type, errors: valid ? [] : readableErrors(run.errors) };
  };

  const validate = (direction: EventDirection, event: unknown, mode: Mode): ValidationResult => {
    if (event === null || typeof event !== 'object' || Array.isArray(event)) {
      return { valid: false, errors: ['/: an event must be a JSON object'] };
    }
    const type = (event as { type?: unknown }).type;
    if (typeof type !== 'string') return { valid: false, errors: ['/type: must be a string'] };
    const definition = (direction === 'client' ? clientTypes : serverTypes).get(type);
    if (!definition) return { valid: false, type, errors: [`/type: unknown ${direction} event type "${type}"`] };
    return check(definition, event, mode, type);
  };

  return {
    clientTypes,
    serverTypes,
    validateClientEvent: (event) => validate('client', event, 'strict'),
    validateServerEvent: (event, options = {}) => validate('server', event, options.strict ? 'strict' : 'lenient'),
    validateDefinition: (definition, value) => check(definition, value, 'strict'),
    formatSchemaError,
  };
}
