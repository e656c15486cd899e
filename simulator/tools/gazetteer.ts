// The cities the simulated model "knows" for get_weather, with coordinates.
export interface City {
  name: string;
  lat: number;
  lng: number;
  /** Other ways users write it. */
  aliases?: string[];
}

export const CITIES: readonly City[] = [
  { name: 'Paris', lat: 48.8566, lng: 2.3522 },
  { name: 'London', lat: 51.5074, lng: -0.1278 },
  { name: 'New York', lat: 40.7128, lng: -74.006, aliases: ['NYC', 'New York City'] },
  { name: 'Tokyo', lat: 35.6762, lng: 139.6503 },
  { name: 'San Francisco', lat: 37.7749, lng: -122.4194, aliases: ['SF'] },
  { name: 'Berlin', lat: 52.52, lng: 13.405 },
  { name: 'Sydney', lat: -33.8688, lng: 151.2093 },
  { name: 'Los Angeles', lat: 34.0522, lng: -118.2437, aliases: ['LA'] },
  { name: 'Chicago', lat: 41.8781, lng: -87.6298 },
  { name: 'Toronto', lat: 43.6532, lng: -79.3832 },
  { name: 'Madrid', lat: 40.4168, lng: -3.7038 },
  { name: 'Rome', lat: 41.9028, lng: 12.4964 },
  { name: 'Amsterdam', lat: 52.3676, lng: 4.9041 },
  { name: 'Singapore', lat: 1.3521, lng: 103.8198 },
  { name: 'Mumbai', lat: 19.076, lng: 72.8777 },
  { name: 'Cairo', lat: 30.0444, lng: 31.2357 },
  { name: 'Rio de Janeiro', lat: -22.9068, lng: -43.1729, aliases: ['Rio'] },
  { name: 'Mexico City', lat: 19.4326, lng: -99.1332 },
  { name: 'Seoul', lat: 37.5665, lng: 126.978 },
  { name: 'Cape Town', lat: -33.9249, lng: 18.4241 },
];

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The known city named in the text (the longest match wins, so "New York" beats "York"). */
export function findCity(text: string): City | null {
  const candidates = CITIES.flatMap((city) => [city.name, ...(city.aliases ?? [])].map((label) => ({ city, label })));
  candidates.sort((a, b) => b.label.length - a.label.length);
  for (const { city, label } of candidates) {
    // Short upper-case aliases (SF, LA, NYC) must match in upper case, not inside words like "la".
    const caseSensitive = label.length <= 3 && label === label.toUpperCase();
    const pattern = new RegExp(`(^|[^\\p{L}])${escape(label)}($|[^\\p{L}])`, caseSensitive ? 'u' : 'iu');
    if (pattern.test(text)) return city;
  }
  return null;
}
