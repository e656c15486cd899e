// The price table (prices.json: dated, one source URL per row) and the user's edits over it.
// A model with no row has no price: callers say "unknown model" instead of guessing, so a dated
// snapshot or a new model is never priced as a neighbour.
import table from './prices.json';

export interface KindPrice {
  input: number;
  /** null: the source lists no cached price; cached tokens then cost the input price. */
  cached: number | null;
}

export interface ModelPrice {
  model: string;
  aliases?: string[];
  text: KindPrice & { output: number };
  audio: KindPrice & { output: number };
  /** null: no image input price known. */
  image: KindPrice | null;
  source: string;
  confirmed: boolean;
  note?: string;
}

export interface TranscriptionPrice {
  model: string;
  /** For usage of type "duration". */
  perMinute?: number;
  /** For usage of type "tokens", per 1M tokens. */
  audioInput?: number;
  textInput?: number;
  output?: number;
  source: string;
  confirmed: boolean;
  note?: string;
}

export interface PriceTable {
  checked: string;
  models: ModelPrice[];
  transcription: TranscriptionPrice[];
}

/** The shipped table, as checked on `PRICES.checked`. */
export const PRICES: PriceTable = { checked: table.checked, models: table.models as ModelPrice[], transcription: table.transcription as TranscriptionPrice[] };

/** What an edited row says as its source. */
export const EDITED_SOURCE = 'edited in this browser';

export function modelPrice(prices: PriceTable, model: string | undefined): ModelPrice | undefined {
  if (!model) return undefined;
  return prices.models.find((row) => row.model === model || row.aliases?.includes(model));
}

export function transcriptionPrice(prices: PriceTable, model: string | undefined): TranscriptionPrice | undefined {
  if (!model) return undefined;
  return prices.transcription.find((row) => row.model === model);
}

/** The table with edited rows in place of (or beside) the shipped ones. */
export function withEdits(base: PriceTable, edits: readonly ModelPrice[]): PriceTable {
  const edited = new Map(edits.map((row) => [row.model, row]));
  const models = base.models.map((row) => edited.get(row.model) ?? row);
  for (const row of edits) if (!base.models.some((shipped) => shipped.model === row.model)) models.push(row);
  return { ...base, models };
}

const isPrice = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0;
const isCached = (value: unknown): value is number | null => value === null || isPrice(value);

function isKind(value: unknown, withOutput: boolean): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const kind = value as Record<string, unknown>;
  return isPrice(kind.input) && isCached(kind.cached) && (!withOutput || isPrice(kind.output));
}

/** Whether stored JSON is a usable price row (localStorage may hold anything). */
export function isModelPrice(value: unknown): value is ModelPrice {
  if (typeof value !== 'object' || value === null) return false;
  const row = value as Record<string, unknown>;
  return (
    typeof row.model === 'string' &&
    row.model.length > 0 &&
    isKind(row.text, true) &&
    isKind(row.audio, true) &&
    (row.image === null || isKind(row.image, false)) &&
    typeof row.source === 'string'
  );
}
