// Usage and cost from events alone: each response.done's `usage` (per response, not cumulative)
// and each input transcription's `usage`, priced by the model the session reported
// (session.created / session.updated). Cached tokens are a subset of their kind
// (input_token_details.cached_tokens_details), so each kind's uncached part is priced at the
// input price and its cached part at the cached price.
import { modelPrice, transcriptionPrice, type KindPrice, type PriceTable } from './prices';
import { countField, eventFields, objectField, stringField, type InspectorRecord } from './records';

export interface TokenCounts {
  /** Input tokens of each kind, cached ones included (as the API counts them). */
  textIn: number;
  audioIn: number;
  imageIn: number;
  /** The cached part of each kind's input. */
  textCached: number;
  audioCached: number;
  imageCached: number;
  textOut: number;
  audioOut: number;
}

export const NO_TOKENS: Readonly<TokenCounts> = { textIn: 0, audioIn: 0, imageIn: 0, textCached: 0, audioCached: 0, imageCached: 0, textOut: 0, audioOut: 0 };

export interface Cost {
  /** Dollars, or null when it cannot be priced. */
  dollars: number | null;
  /** Why not, e.g. `unknown model "gpt-x"`. */
  unpriced?: string;
}

export interface ResponseUsage {
  responseId: string;
  time: number;
  model?: string;
  status?: string;
  tokens: TokenCounts;
}

export interface TranscriptionUsage {
  itemId?: string;
  time: number;
  model?: string;
  /** Token usage, or the audio's length for models billed by duration. */
  tokens?: { audioIn: number; textIn: number; output: number };
  seconds?: number;
}

export interface RateLimit {
  name: string;
  limit: number;
  remaining: number;
  resetSeconds: number;
}

export function tokensOf(usage: Record<string, unknown> | undefined): TokenCounts {
  const input = objectField(usage, 'input_token_details');
  const cached = objectField(input, 'cached_tokens_details');
  const output = objectField(usage, 'output_token_details');
  const textIn = countField(input, 'text_tokens');
  const audioIn = countField(input, 'audio_tokens');
  const imageIn = countField(input, 'image_tokens');
  return {
    textIn,
    audioIn,
    imageIn,
    // A cached count above its kind's count would price negative uncached tokens: cap it.
    textCached: Math.min(countField(cached, 'text_tokens'), textIn),
    audioCached: Math.min(countField(cached, 'audio_tokens'), audioIn),
    imageCached: Math.min(countField(cached, 'image_tokens'), imageIn),
    textOut: countField(output, 'text_tokens'),
    audioOut: countField(output, 'audio_tokens'),
  };
}

export function addTokens(a: TokenCounts, b: TokenCounts): TokenCounts {
  return {
    textIn: a.textIn + b.textIn,
    audioIn: a.audioIn + b.audioIn,
    imageIn: a.imageIn + b.imageIn,
    textCached: a.textCached + b.textCached,
    audioCached: a.audioCached + b.audioCached,
    imageCached: a.imageCached + b.imageCached,
    textOut: a.textOut + b.textOut,
    audioOut: a.audioOut + b.audioOut,
  };
}

const PER_TOKEN = 1 / 1_000_000;

function inputCost(total: number, cached: number, price: KindPrice): number {
  return ((total - cached) * price.input + cached * (price.cached ?? price.input)) * PER_TOKEN;
}

/** A response's cost in dollars under `prices`, or why it cannot be priced. */
export function responseCost(tokens: TokenCounts, model: string | undefined, prices: PriceTable): Cost {
  const price = modelPrice(prices, model);
  if (!price) return { dollars: null, unpriced: model ? `unknown model "${model}"` : 'model not reported' };
  if (tokens.imageIn > 0 && !price.image) return { dollars: null, unpriced: `no image price for "${price.model}"` };
  const dollars =
    inputCost(tokens.textIn, tokens.textCached, price.text) +
    inputCost(tokens.audioIn, tokens.audioCached, price.audio) +
    (price.image ? inputCost(tokens.imageIn, tokens.imageCached, price.image) : 0) +
    tokens.textOut * price.text.output * PER_TOKEN +
    tokens.audioOut * price.audio.output * PER_TOKEN;
  return { dollars };
}

export function transcriptionCost(usage: TranscriptionUsage, prices: PriceTable): Cost {
  const price = transcriptionPrice(prices, usage.model);
  if (!price) return { dollars: null, unpriced: usage.model ? `unknown transcription model "${usage.model}"` : 'transcription model not reported' };
  if (usage.seconds !== undefined) {
    return price.perMinute === undefined ? { dollars: null, unpriced: `no per-minute price for "${price.model}"` } : { dollars: (usage.seconds / 60) * price.perMinute };
  }
  const tokens = usage.tokens ?? { audioIn: 0, textIn: 0, output: 0 };
  if (price.audioInput === undefined || price.textInput === undefined || price.output === undefined) {
    return { dollars: null, unpriced: `no token price for "${price.model}"` };
  }
  return { dollars: (tokens.audioIn * price.audioInput + tokens.textIn * price.textInput + tokens.output * price.output) * PER_TOKEN };
}

/** Follows a session's usage, the model it runs, its rate limits and when it expires. */
export class UsageTracker {
  readonly responses: ResponseUsage[] = [];
  readonly transcriptions: TranscriptionUsage[] = [];
  model: string | undefined;
  transcriptionModel: string | undefined;
  rateLimits: RateLimit[] = [];
  /** session.expires_at, in seconds since the epoch. */
  expiresAt: number | undefined;
  private readonly seen = new Set<string>();

  push(record: InspectorRecord): void {
    if (record.source !== 'server') return;
    const event = eventFields(record.event);
    if (!event) return;
    switch (event.type) {
      case 'session.created':
      case 'session.updated':
        this.session(objectField(event, 'session'));
        break;
      case 'response.done':
        this.responseDone(objectField(event, 'response'), record.time);
        break;
      case 'conversation.item.input_audio_transcription.completed':
        this.transcribed(event, record.time);
        break;
      case 'rate_limits.updated':
        this.rateLimits = readRateLimits(event.rate_limits);
        break;
      default:
        break;
    }
  }

  private session(session: Record<string, unknown> | undefined): void {
    if (!session) return;
    const model = stringField(session, 'model');
    if (model) this.model = model;
    const expires = session.expires_at;
    if (typeof expires === 'number' && Number.isFinite(expires)) this.expiresAt = expires;
    const input = objectField(objectField(session, 'audio'), 'input');
    if (input && 'transcription' in input) this.transcriptionModel = stringField(objectField(input, 'transcription'), 'model');
  }

  private responseDone(response: Record<string, unknown> | undefined, time: number): void {
    const id = stringField(response, 'id');
    const usage = objectField(response, 'usage');
    // A response.done repeated (a replayed log, a relay retry) is counted once.
    if (!id || !usage || this.seen.has(id)) return;
    this.seen.add(id);
    this.responses.push({ responseId: id, time, model: this.model, status: stringField(response, 'status'), tokens: tokensOf(usage) });
  }

  private transcribed(event: Record<string, unknown>, time: number): void {
    const usage = objectField(event, 'usage');
    if (!usage) return;
    const entry: TranscriptionUsage = { itemId: stringField(event, 'item_id'), time, model: this.transcriptionModel };
    if (usage.type === 'duration') entry.seconds = countField(usage, 'seconds');
    else {
      const details = objectField(usage, 'input_token_details');
      const input = countField(usage, 'input_tokens');
      const audioIn = details ? countField(details, 'audio_tokens') : input;
      entry.tokens = { audioIn, textIn: details ? countField(details, 'text_tokens') : 0, output: countField(usage, 'output_tokens') };
    }
    this.transcriptions.push(entry);
  }
}

function readRateLimits(value: unknown): RateLimit[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry) => {
    if (typeof entry !== 'object' || entry === null) return [];
    const fields = entry as Record<string, unknown>;
    const name = stringField(fields, 'name');
    return name ? [{ name, limit: countField(fields, 'limit'), remaining: countField(fields, 'remaining'), resetSeconds: countField(fields, 'reset_seconds') }] : [];
  });
}

export interface UsageReport {
  responses: Array<ResponseUsage & { cost: Cost }>;
  transcriptions: Array<TranscriptionUsage & { cost: Cost }>;
  tokens: TokenCounts;
  /** Sum of what could be priced. */
  dollars: number;
  /** Why some usage has no price (each reason once); empty when everything is priced. */
  unpriced: string[];
}

export function usageReport(tracker: Pick<UsageTracker, 'responses' | 'transcriptions'>, prices: PriceTable): UsageReport {
  const responses = tracker.responses.map((entry) => ({ ...entry, cost: responseCost(entry.tokens, entry.model, prices) }));
  const transcriptions = tracker.transcriptions.map((entry) => ({ ...entry, cost: transcriptionCost(entry, prices) }));
  const costs = [...responses, ...transcriptions].map((entry) => entry.cost);
  return {
    responses,
    transcriptions,
    tokens: responses.reduce<TokenCounts>((sum, entry) => addTokens(sum, entry.tokens), { ...NO_TOKENS }),
    dollars: costs.reduce((sum, cost) => sum + (cost.dollars ?? 0), 0),
    unpriced: [...new Set(costs.flatMap((cost) => (cost.unpriced ? [cost.unpriced] : [])))],
  };
}

/** Dollars to 4 decimals, as the console shows them. */
export const formatDollars = (dollars: number): string => `$${dollars.toFixed(4)}`;
