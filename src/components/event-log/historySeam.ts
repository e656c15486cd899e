// How the log reads the seam of "Reconnect with history": the console's own '(history carried)'
// record (console-records.ts), written just before the carried items go out.

/** "history carried: 6 items from the last session (1,234 characters) · 1 left out: 1 no_output". */
export function describeHistoryCarried(event: Record<string, unknown>): string {
  const items = typeof event.items === 'number' ? event.items : 0;
  const characters = typeof event.characters === 'number' ? event.characters : 0;
  const skipped = typeof event.skipped === 'object' && event.skipped !== null ? Object.entries(event.skipped as Record<string, unknown>) : [];
  const left = skipped.reduce((sum, [, n]) => sum + (typeof n === 'number' ? n : 0), 0);
  const head = `history carried: ${items} item${items === 1 ? '' : 's'} from the last session (${characters.toLocaleString('en')} characters)`;
  return left > 0 ? `${head} · ${left} left out: ${skipped.map(([reason, n]) => `${String(n)} ${reason}`).join(', ')}` : head;
}
