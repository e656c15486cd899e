// What a screen reader hears of the conversation: a polite live region gets one line per step
// that matters (the assistant starts speaking, an answer or a turn is finished, a tool is called),
// never the deltas, which arrive dozens of times a second. Pure: `observe` is given the items
// each time they change and returns what is new to say, or null.
import type { ConversationItemView } from './types';

type Said = 'speaking' | 'done';

/** The text of a finished item (a spoken item's transcript, else its text), on one line. */
function words(item: ConversationItemView): string {
  const text = item.truncated?.transcript || item.formatted.transcript || item.formatted.text;
  return text.replace(/\s+/g, ' ').trim();
}

function finished(item: ConversationItemView): boolean {
  return item.status !== 'in_progress';
}

export class ConversationAnnouncer {
  private readonly said = new Map<string, Said>();
  private started = false;

  /** What to announce for the items as they are now (null: nothing new). Items present at the first call are not announced. */
  observe(items: readonly ConversationItemView[]): string | null {
    const lines: string[] = [];
    const present = new Set<string>();
    for (const item of items) {
      present.add(item.id);
      const before = this.said.get(item.id);
      if (before === 'done') continue;
      if (!this.started) {
        this.said.set(item.id, 'done');
        continue;
      }
      const line = this.lineFor(item, before);
      if (line) lines.push(line);
    }
    // Deleted items are forgotten; the map stays as large as the conversation.
    for (const id of Array.from(this.said.keys())) if (!present.has(id)) this.said.delete(id);
    this.started = true;
    return lines.length ? lines.join(' ') : null;
  }

  private lineFor(item: ConversationItemView, before: Said | undefined): string | null {
    if (item.type === 'function_call') {
      if (!finished(item)) return null;
      this.said.set(item.id, 'done');
      return `Calling ${item.formatted.tool?.name ?? 'a tool'}.`;
    }
    if (item.type !== 'message') return null;
    if (item.role === 'assistant') {
      if (!finished(item)) {
        if (before) return null;
        this.said.set(item.id, 'speaking');
        return 'Assistant is speaking…';
      }
      this.said.set(item.id, 'done');
      const text = words(item);
      const cut = item.status === 'incomplete' || item.truncated ? ' (cut short)' : '';
      return text ? `Assistant${cut}: ${text}` : `Assistant answered${cut}.`;
    }
    if (item.role === 'user') {
      // A spoken turn's transcript may come after the item is complete: said when it is there.
      const text = words(item);
      if (!finished(item) || !text) return null;
      this.said.set(item.id, 'done');
      return `You: ${text}`;
    }
    return null;
  }
}
