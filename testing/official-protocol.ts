// Cross-checks events against the official JSON Schemas extracted from OpenAI's OpenAPI spec,
// kept beside the project in ../shared/realtime-protocol/ on this team's machines and in CI.
// Users clone the project alone: without that folder `officialProtocol()` returns null and
// callers skip the cross-check (the project's own schema still applies).
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import type { ValidateFunction } from 'ajv';
import { formatSchemaError, type EventDirection, type ValidationResult } from '../src/lib/protocol/validate';

interface EventIndexEntry {
  def: string;
  inUnion: boolean;
}
type EventIndex = Record<EventDirection, Record<string, EventIndexEntry | EventIndexEntry[]>>;

export interface OfficialProtocol {
  folder: string;
  validate(direction: EventDirection, event: unknown): ValidationResult;
  /** The spec's example payload for each event type. */
  examples: Record<EventDirection, Record<string, unknown>>;
  eventTypes(direction: EventDirection): string[];
}

/**
 * Fields the published schema types as non-null where the live server sends `null`, each as a
 * path of property names inside `$defs` (the same kind of correction `source.json` lists).
 * - A user audio item not (yet) transcribed: `{type: "input_audio", transcript: null}`, as the live
 *   server sends it and OpenAI's Agents SDK requires (`z.string().nullable()`); the spec says
 *   `type: string`, the openai package `transcript?: string` (see NULLABLE_ERRATA).
 */
export const OFFICIAL_ERRATA: ReadonlyArray<readonly string[]> = [
  ['RealtimeConversationItemMessageUser', 'properties', 'content', 'items', 'properties', 'transcript'],
];

function applyOfficialErrata(defs: Record<string, unknown>): void {
  for (const path of OFFICIAL_ERRATA) {
    const parent = path.slice(0, -1).reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], defs) as
      | Record<string, unknown>
      | undefined;
    const field = parent?.[path[path.length - 1]];
    if (!parent || !field) throw new Error(`official errata: ${path.join('.')} not found (did the published schema change?)`);
    if (!JSON.stringify(field).includes('"null"')) parent[path[path.length - 1]] = { anyOf: [field, { type: 'null' }] };
  }
}

const DEFAULT_FOLDER = resolve(__dirname, '..', '..', 'shared', 'realtime-protocol');
let cached: OfficialProtocol | null | undefined;

export function officialProtocol(folder = process.env.REALTIME_PROTOCOL_DIR ?? DEFAULT_FOLDER): OfficialProtocol | null {
  if (cached !== undefined) return cached;
  const bundlePath = join(folder, 'realtime-ga.strict.schema.json');
  if (!existsSync(bundlePath)) return (cached = null);
  const read = (name: string): unknown => JSON.parse(readFileSync(join(folder, name), 'utf8'));
  const bundle = read('realtime-ga.strict.schema.json') as { $id: string; $defs: Record<string, unknown> };
  applyOfficialErrata(bundle.$defs);
  const index = (read('events-index.json') as { ga: EventIndex }).ga;
  const examples = read('examples-ga.json') as OfficialProtocol['examples'];
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema(bundle);
  const validators = new Map<string, ValidateFunction>();

  const validate = (direction: EventDirection, event: unknown): ValidationResult => {
    const type = (event as { type?: unknown } | null)?.type;
    if (typeof type !== 'string') return { valid: false, errors: ['/type: must be a string'] };
    const entry = index[direction][type];
    const def = (Array.isArray(entry) ? entry[0] : entry)?.def;
    if (!def) return { valid: false, type, errors: [`/type: not an official ${direction} event type "${type}"`] };
    let check = validators.get(def);
    if (!check) {
      check = ajv.getSchema(`${bundle.$id}#/$defs/${def}`);
      if (!check) throw new Error(`official schema has no $defs/${def}`);
      validators.set(def, check);
    }
    const valid = check(event) as boolean;
    return { valid, type, errors: valid ? [] : Array.from(new Set((check.errors ?? []).map(formatSchemaError))) };
  };

  cached = {
    folder,
    validate,
    examples,
    eventTypes: (direction) => Object.keys(index[direction]),
  };
  return cached;
}
