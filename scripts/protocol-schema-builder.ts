import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { createGenerator, type Schema } from 'ts-json-schema-generator';

/** Builds the JSON Schema of `ClientEvent` and `ServerEvent` (src/lib/protocol/protocol-types.ts). */
export function buildProtocolSchema(): Schema {
  const root = join(__dirname, '..');
  const openaiPackage = join(root, 'node_modules', 'openai', 'package.json');
  const openaiVersion: string = JSON.parse(readFileSync(openaiPackage, 'utf8')).version;
  const generator = createGenerator({
    path: join(root, 'src', 'lib', 'protocol', 'protocol-types.ts'),
    type: '*',
    expose: 'export',
    topRef: true,
    jsDoc: 'basic',
    // Unknown fields are protocol errors (the real server answers `unknown_parameter`).
    additionalProperties: false,
    skipTypeCheck: true,
  });
  const schema = generator.createSchema('*');
  applyNullableErrata(schema);
  return { $comment: `Generated from openai@${openaiVersion} realtime types by scripts/generate-protocol-schema.ts. Do not edit.`, ...schema };
}

/**
 * Fields the package types as non-null where the protocol allows `null`: what the live server
 * (and the spec's own examples) send, and the request fields a client sets to `null` to turn a
 * feature off on a live session (transcription, noise reduction). The same corrections OpenAI's
 * published schema needed; each is `[definition, property]`.
 */
export const NULLABLE_ERRATA: ReadonlyArray<readonly [string, string]> = [
  ['RealtimeResponse', 'status_details'],
  ['RealtimeResponse', 'usage'],
  ['ConversationItemInputAudioTranscriptionFailedEvent.Error', 'code'],
  ['ConversationItemInputAudioTranscriptionFailedEvent.Error', 'param'],
  // A user audio item not (yet) transcribed: the live server sends `transcript: null` and OpenAI's
  // Agents SDK requires it (`z.string().nullable()`); the package types `transcript?: string`.
  ['RealtimeConversationItemUserMessage.Content', 'transcript'],
  // Requests: `null` turns the feature off (`session.update`).
  ['RealtimeAudioConfigInput', 'noise_reduction'],
  ['RealtimeAudioConfigInput', 'transcription'],
  ['RealtimeTranscriptionSessionAudioInput', 'noise_reduction'],
  ['RealtimeTranscriptionSessionAudioInput', 'transcription'],
  // Responses.
  ['RealtimeSessionCreateResponse', 'include'],
  ['RealtimeSessionCreateResponse.Audio.Input', 'noise_reduction'],
  ['RealtimeSessionCreateResponse.Audio.Input', 'transcription'],
  ['RealtimeTranscriptionSessionCreateResponse', 'include'],
  ['RealtimeTranscriptionSessionCreateResponse.Audio.Input', 'noise_reduction'],
  ['RealtimeTranscriptionSessionCreateResponse.Audio.Input', 'transcription'],
];

function applyNullableErrata(schema: Schema): void {
  const definitions = (schema.definitions ?? {}) as Record<string, Schema>;
  for (const [name, property] of NULLABLE_ERRATA) {
    const properties = definitions[name]?.properties as Record<string, Schema> | undefined;
    const field = properties?.[property];
    if (!properties || !field) throw new Error(`schema errata: ${name}.${property} not found (did the openai types change?)`);
    const alreadyNullable = JSON.stringify(field).includes('"type":"null"');
    if (!alreadyNullable) properties[property] = { anyOf: [field, { type: 'null' }] };
  }
}
