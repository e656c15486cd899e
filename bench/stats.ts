// Order statistics of a bench's samples, as the browser benches print them.

/** The value at quantile `q` (0..1) of `values`: the element at floor(q·n) of the sorted copy. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** "p50 … p90 … min … max … ms (n=…)", or "no samples". */
export function stats(values: readonly number[]): string {
  if (values.length === 0) return 'no samples';
  const sorted = [...values].sort((a, b) => a - b);
  return `p50 ${quantile(sorted, 0.5).toFixed(0)}  p90 ${quantile(sorted, 0.9).toFixed(0)}  min ${sorted[0].toFixed(0)}  max ${sorted[sorted.length - 1].toFixed(0)} ms (n=${values.length})`;
}
