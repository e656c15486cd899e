// Reads what the user's latest text asks for, deterministically: a weather question about a
// known city, or something to remember.
import { findCity, type City } from './gazetteer';

export type Intent =
  | { kind: 'weather'; city: City }
  | { kind: 'weather_unknown_place' }
  | { kind: 'remember'; key: string; value: string }
  | { kind: 'none' };

const WEATHER_WORDS = /\b(weather|temperature|forecast|rain(ing|y)?|sunny|snow(ing)?|wind(y)?|hot|cold|warm)\b/i;

const snakeCase = (s: string): string =>
  s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '_').replace(/^_+|_+$/g, '').slice(0, 40) || 'note';

const clean = (s: string): string => s.trim().replace(/[.!?\s]+$/, '');

export function detectIntent(text: string): Intent {
  const name = text.match(/\bmy name is\s+([\p{L}][\p{L}'-]*(?:\s+[\p{Lu}][\p{L}'-]*)*)/u);
  if (name) return { kind: 'remember', key: 'name', value: clean(name[1]) };
  const remember = text.match(/\bremember (?:that\s+)?(.+)/i);
  if (remember) {
    const fact = clean(remember[1]);
    const mine = fact.match(/^my\s+(.+?)\s+(?:is|are)\s+(.+)$/i);
    if (mine) return { kind: 'remember', key: snakeCase(mine[1]), value: clean(mine[2]) };
    return { kind: 'remember', key: 'note', value: fact };
  }
  if (WEATHER_WORDS.test(text)) {
    const city = findCity(text);
    return city ? { kind: 'weather', city } : { kind: 'weather_unknown_place' };
  }
  return { kind: 'none' };
}
