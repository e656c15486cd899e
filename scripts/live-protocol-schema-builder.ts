import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { createGenerator, type Schema } from 'ts-json-schema-generator';

const ROOT = join(__dirname, '..');
/** The definition names the Live validator starts from (src/lib/protocol/live-protocol-types.ts). */
export const LIVE_UNIONS = { client: 'LiveClientEvent', server: 'LiveServerEvent', session: 'LiveSessionConfig' } as const;
/** Prefix of the spliced Responses definitions. */
const RESPONSES_PREFIX = 'Responses.';
const PLACEHOLDER = 'ResponseInputItemPlaceholder';

function generate(path: string, type: string): Schema {
  return createGenerator({
    path,
    type,
    expose: 'export',
    topRef: true,
    jsDoc: 'basic',
    // Unknown fields are protocol errors (Live answers `unknown_parameter` with `param`).
    additionalProperties: false,
    skipTypeCheck: true,
  }).createSchema(type);
}

/** Every `$ref` to a definition renamed by `rename`. */
function renameRefs(node: unknown, rename: (name: string) => string): unknown {
  if (Array.isArray(node)) return node.map((n) => renameRefs(n, rename));
  if (node === null || typeof node !== 'object') return node;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    copy[key] =
      key === '$ref' && typeof value === 'string' && value.startsWith('#/definitions/')
        ? `#/definitions/${encodeURIComponent(rename(decodeURIComponent(value.slice('#/definitions/'.length))))}`
        : renameRefs(value, rename);
  }
  return copy;
}

/**
 * Builds the JSON Schema of the GPT-Live `ClientEvent`, `ServerEvent` and `SessionConfig`, the
 * same way scripts/protocol-schema-builder.ts builds the Realtime one, with the Responses input
 * item generated apart and spliced in (see ResponseInputItemPlaceholder for why).
 */
export function buildLiveProtocolSchema(): Schema {
  const openaiVersion: string = JSON.parse(readFileSync(join(ROOT, 'node_modules', 'openai', 'package.json'), 'utf8')).version;
  const live = generate(join(ROOT, 'src', 'lib', 'protocol', 'live-protocol-types.ts'), '*');
  const responses = generate(join(ROOT, 'node_modules', 'openai', 'resources', 'responses', 'responses.d.ts'), 'ResponseInputItem');
  const definitions = { ...(live.definitions ?? {}) } as Record<string, Schema>;
  if (!definitions[PLACEHOLDER]) throw new Error(`live schema: ${PLACEHOLDER} not found (did the types file change?)`);
  const prefixed = (name: string): string => RESPONSES_PREFIX + name;
  for (const [name, definition] of Object.entries(responses.definitions ?? {})) {
    definitions[prefixed(name)] = renameRefs(definition, prefixed) as Schema;
  }
  definitions[PLACEHOLDER] = { $ref: `#/definitions/${encodeURIComponent(prefixed('ResponseInputItem'))}` };
  return {
    $comment: `Generated from openai@${openaiVersion} live types (resources/live/live.d.ts) by scripts/generate-protocol-schema.ts. Do not edit.`,
    $schema: live.$schema,
    definitions,
  };
}
