// The user's price edits, kept in this browser's localStorage (a JSON array of price rows).
// Anything stored that is not a valid row is ignored, never trusted.
import { isModelPrice, type ModelPrice } from '../../lib/inspector/prices';

export const PRICE_EDITS_KEY = 'realtime-console.prices';

export function loadPriceEdits(storage: Pick<Storage, 'getItem'> | null = safeStorage()): ModelPrice[] {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(PRICE_EDITS_KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter(isModelPrice) : [];
  } catch {
    return [];
  }
}

export function savePriceEdits(edits: readonly ModelPrice[], storage: Pick<Storage, 'setItem' | 'removeItem'> | null = safeStorage()): void {
  try {
    if (edits.length === 0) storage?.removeItem(PRICE_EDITS_KEY);
    else storage?.setItem(PRICE_EDITS_KEY, JSON.stringify(edits));
  } catch {
    // Storage full or refused (private mode): the edit holds for this page only.
  }
}

function safeStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}
