// A conversation item as data: what the recording's view reads of an item, with its audio as one
// Int16Array, so items rebuilt in a worker cross to the page by structured clone (the audio's
// buffer transferred, not copied) and read back as ItemState. Both ways of opening a recording
// (in the worker, or in the page under jest) hand the view these same plain items.
import type { ItemState } from '../realtime/item-state';

export type ItemData = Omit<ItemState, 'getAudio'> & { audio: Int16Array };

/** Every field of ItemState but getAudio: a field added there and not here fails the type check below. */
const FIELDS = [
  'id',
  'type',
  'role',
  'status',
  'formatted',
  'item',
  'responseId',
  'previousItemId',
  'audioContentIndex',
  'speech',
  'truncated',
  'transcriptionError',
  'transcription',
  'phase',
  'responseStatus',
  'mcp',
  'idleTimeout',
] as const satisfies ReadonlyArray<keyof ItemState>;
type Missing = Exclude<keyof ItemState, 'getAudio' | (typeof FIELDS)[number]>;
const everyField: [Missing] extends [never] ? true : Missing = true;
void everyField;

/** The item's fields (as they are now) and a copy of its audio, on a buffer of its own (transferable once). */
export function itemData(item: ItemState): ItemData {
  const data: Record<string, unknown> = {};
  for (const field of FIELDS) if (item[field] !== undefined) data[field] = item[field];
  return { ...(data as Omit<ItemState, 'getAudio'>), audio: item.getAudio().slice() };
}

/** The item back as ItemState (its audio shared: do not mutate, as ItemState says). */
export function itemView(data: ItemData): ItemState {
  const { audio, ...fields } = data;
  return { ...fields, getAudio: () => audio };
}
