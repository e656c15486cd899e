// The log's search: case-insensitive, and a match must begin a word ("Ada" finds "Ada" and
// "ada_lovelace", not "metadata"). `_`, `.`, `"` and other punctuation separate words, so
// "audio" finds "output_audio". Pure, shared by the store's filter and the highlights.

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** The needle as the store keeps it: trimmed, lower case. */
export const searchNeedle = (search: string): string => search.trim().toLowerCase();

function startsWord(text: string, at: number, needle: string): boolean {
  // A needle that starts with punctuation or a space may match anywhere.
  if (!WORD_CHAR.test(needle[0])) return true;
  return at === 0 || !WORD_CHAR.test(text[at - 1]);
}

/** Whether `lowerText` (already lower case) holds `needle` at the start of a word. */
export function matchesWordStart(lowerText: string, needle: string): boolean {
  if (!needle) return true;
  for (let at = lowerText.indexOf(needle); at !== -1; at = lowerText.indexOf(needle, at + 1)) {
    if (startsWord(lowerText, at, needle)) return true;
  }
  return false;
}

/** `text` cut into plain and matched parts (odd indexes are matches), for highlighting. */
export function splitMatches(text: string, search: string): string[] {
  const needle = searchNeedle(search);
  if (!needle) return [text];
  const lower = text.toLowerCase();
  // Lower-casing can change lengths (rare letters): then highlight nothing rather than the wrong span.
  if (lower.length !== text.length) return [text];
  const parts: string[] = [];
  let from = 0;
  for (let at = lower.indexOf(needle); at !== -1; at = lower.indexOf(needle, at + 1)) {
    if (at < from || !startsWord(lower, at, needle)) continue;
    parts.push(text.slice(from, at), text.slice(at, at + needle.length));
    from = at + needle.length;
  }
  parts.push(text.slice(from));
  return parts;
}
