// The ranges the form enforces, each with where it comes from. "spec" is OpenAI's OpenAPI spec
// (github.com/openai/openai-openapi, openapi.yaml; a copy with its commit sits in
// ../shared/realtime-protocol, and limits.node.test.ts checks these against it); "types" is the
// JSDoc of node_modules/openai/resources/realtime/realtime.d.ts. They stay here rather than
// being read from protocol.schema.json so the schema stays out of the main bundle (the
// validator loads it in its own chunk); limits.test.ts holds them equal to the schema's ranges.

export interface NumberLimit {
  min: number;
  max: number;
  /** Whole numbers only (the spec's `integer`). */
  integer: boolean;
  source: string;
}

export const LIMITS = {
  vadThreshold: { min: 0, max: 1, integer: false, source: 'types: ServerVad.threshold "0.0 to 1.0"' },
  // The spec types these as integers without bounds; 10 s is past any useful pause.
  vadPrefixPaddingMs: { min: 0, max: 10_000, integer: true, source: 'spec: integer; upper bound ours' },
  vadSilenceDurationMs: { min: 0, max: 10_000, integer: true, source: 'spec: integer; upper bound ours' },
  idleTimeoutMs: { min: 5_000, max: 30_000, integer: true, source: 'spec: RealtimeTurnDetection idle_timeout_ms minimum 5000, maximum 30000' },
  maxOutputTokens: { min: 1, max: 4096, integer: true, source: 'types: max_output_tokens "an integer between 1 and 4096"' },
  speed: { min: 0.25, max: 1.5, integer: false, source: 'spec: audio.output.speed minimum 0.25, maximum 1.5' },
  retentionRatio: { min: 0, max: 1, integer: false, source: 'spec: RealtimeTruncation retention_ratio minimum 0, maximum 1' },
  // No upper bound in the spec: the model's context window minus its max output tokens.
  truncationTokenLimit: { min: 0, max: Number.MAX_SAFE_INTEGER, integer: true, source: 'spec: token_limits.post_instructions minimum 0, integer' },
} as const satisfies Record<string, NumberLimit>;

export type LimitedField = keyof typeof LIMITS;

/** The message for a value out of its range, or null when it fits. */
export function rangeError(field: LimitedField, value: number): string | null {
  const { min, max, integer } = LIMITS[field];
  if (Number.isFinite(value) && value >= min && value <= max && (!integer || Number.isInteger(value))) return null;
  const kind = integer ? 'a whole number' : 'a number';
  return max === Number.MAX_SAFE_INTEGER ? `${kind} from ${min}` : `${kind} from ${min} to ${max}`;
}
