// What the log reads of an event to file it: its type, its item, and its group within a run.
import { UNTYPED_TYPE } from './eventLogTypes';

export function typeOf(event: unknown): string {
  const type = (event as { type?: unknown } | null)?.type;
  return typeof event === 'object' && event !== null && typeof type === 'string' ? type : UNTYPED_TYPE;
}

export function itemIdOf(event: unknown): string | undefined {
  if (typeof event !== 'object' || event === null) return undefined;
  const record = event as { item_id?: unknown; item?: { id?: unknown } };
  if (typeof record.item_id === 'string') return record.item_id;
  if (typeof record.item?.id === 'string') return record.item.id;
  return undefined;
}

/** A delta's group within a run: its type, and its content part when that is not the first. */
export function groupKeyOf(type: string, event: unknown): string {
  const index = (event as { content_index?: unknown } | null)?.content_index;
  // Nearly every delta is of part 0: no string is built for it on the hot path.
  return typeof index === 'number' && index !== 0 ? `${type}#${index}` : type;
}
