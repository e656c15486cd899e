// What the caller has heard of the assistant's audio, for truncating at barge-in. Twilio plays
// what it is sent in order and echoes each `mark` once the audio before it has played, so an
// echoed mark is a known point ("E ms of this item were heard at media time T"); between marks
// the media clock (the inbound `timestamp`, which advances as the call plays) says how far past
// E playback has gone, capped at what was sent. A pure state machine: the bridge feeds it.

interface PlayingItem {
  id: string;
  /** Audio of this item sent to Twilio, ms. */
  sentMs: number;
  /** The last known point: `ms` of the item heard at media time `at`; null while earlier audio still plays. */
  anchor: { ms: number; at: number } | null;
}

interface SentMark {
  itemId: string;
  /** The item's audio up to here has played once this mark is echoed. */
  endMs: number;
}

export class PlaybackTracker {
  private item: PlayingItem | null = null;
  /** Marks sent and not yet echoed, in the order sent (a Map keeps insertion order). */
  private readonly outstanding = new Map<string, SentMark>();
  private nextMark = 1;

  /** Records `ms` of `itemId`'s audio sent at media time `now`; returns the name of the mark to send after it. */
  sent(itemId: string, ms: number, now: number): string {
    if (this.item?.id !== itemId) {
      // A new item starts playing once everything queued before it has: now, if nothing is.
      this.item = { id: itemId, sentMs: 0, anchor: null };
    }
    const item = this.item;
    // After an underrun (every mark echoed) Twilio starts this audio as soon as it arrives.
    if (this.outstanding.size === 0) item.anchor = { ms: item.sentMs, at: now };
    item.sentMs += ms;
    const name = String(this.nextMark++);
    this.outstanding.set(name, { itemId, endMs: item.sentMs });
    return name;
  }

  /** Twilio echoed mark `name` at media time `now`. Unknown names (e.g. echoes after a clear) are ignored. */
  echoed(name: string, now: number): void {
    const mark = this.outstanding.get(name);
    if (!mark) return;
    // Marks are echoed in order: any still held before this one have played too.
    for (const key of this.outstanding.keys()) {
      this.outstanding.delete(key);
      if (key === name) break;
    }
    const item = this.item;
    if (!item) return;
    if (mark.itemId === item.id) item.anchor = { ms: mark.endMs, at: now };
    else if (item.anchor === null && ![...this.outstanding.values()].some((m) => m.itemId !== item.id)) item.anchor = { ms: 0, at: now };
  }

  /** The item playing (or last played) and how many ms of it the caller has heard by media time `now`. */
  heard(now: number): { itemId: string; ms: number; sentMs: number } | null {
    const item = this.item;
    if (!item) return null;
    const ms = item.anchor === null ? 0 : Math.min(item.sentMs, item.anchor.ms + Math.max(0, now - item.anchor.at));
    return { itemId: item.id, ms: Math.floor(ms), sentMs: item.sentMs };
  }

  /** Whether audio sent is still queued at Twilio (some mark not yet echoed). */
  get playing(): boolean {
    return this.outstanding.size > 0;
  }

  get pendingMarks(): number {
    return this.outstanding.size;
  }

  /** After a `clear`: Twilio dropped what was queued; the echoes it sends for it mean nothing. */
  cleared(): void {
    this.outstanding.clear();
    this.item = null;
  }
}
