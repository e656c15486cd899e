// Reads what the user's latest text asks for, deterministically: a weather question about a
// known city, or something to remember.
import { findCity, type City } from './gazetteer';

export type Intent =
  | { kind: 'weather'; city: City }
  | { kind: 'weather_unknown_place' }
  | { kind: 'remember'; key: string; value: string }
  | { kind: 'arithmetic'; tool: 'add_numbers' | 'divide_numbers'; a: number; b: number }
  | { kind: 'none' };

const WEATHER_WORDS = /\b(weather|temperature|forecast|rain(ing|y)?|sunny|snow(ing)?|wind(y)?|hot|cold|warm)\b/i;

const snakeCase = (s: string): string =>
  s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '_').replace(/^_+|_+$/g, '').slice(0, 40) || 'note';

const clean = (s: string): string => s.trim().replace(/[.!?\s]+$/, '');

const NUMBER = '(-?\\d+(?:\\.\\d+)?)';
const ADDITION = [new RegExp(`${NUMBER}\\s*(?:\\+|plus)\\s*${NUMBER}`, 'i'), new RegExp(`\\badd\\s+${NUMBER}\\s+(?:and|to)\\s+${NUMBER}`, 'i')];
const DIVISION = [new RegExp(`${NUMBER}\\s*(?:/|divided by)\\s*${NUMBER}`, 'i'), new RegExp(`\\bdivide\\s+${NUMBER}\\s+by\\s+${NUMBER}`, 'i')];

function arithmetic(text: string): Intent | null {
  for (const [tool, patterns] of [['add_numbers', ADDITION], ['divide_numbers', DIVISION]] as const) {
    for (const pattern of patterns) {
      const match = text.match(pattern);
      if (match) return { kind: 'arithmetic', tool, a: Number(match[1]), b: Number(match[2]) };
    }
  }
  return null;
}

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
  const math = arithmetic(text);
  if (math) return math;
  if (WEATHER_WORDS.test(text)) {
    const city = findCity(text);
    return city ? { kind: 'weather', city } : { kind: 'weather_unknown_place' };
  }
  return { kind: 'none' };
}
