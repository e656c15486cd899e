// How many events of each type the log holds (for the type filter's list).
import type { TypeCount } from './eventLogTypes';

export class TypeCounts {
  private readonly counts = new Map<string, number>();

  add(type: string, count = 1): void {
    const left = (this.counts.get(type) ?? 0) + count;
    if (left > 0) this.counts.set(type, left);
    else this.counts.delete(type);
  }

  clear(): void {
    this.counts.clear();
  }

  /** Every type held, with its count, by name. */
  list(): TypeCount[] {
    return Array.from(this.counts, ([type, count]) => ({ type, count })).sort((a, b) => a.type.localeCompare(b.type));
  }
}
