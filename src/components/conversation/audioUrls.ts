// Object URLs of WAV files for finished items, made once per item and revoked when the item
// goes away, so a long conversation does not leak blobs.
import { WavPacker } from '../../lib/wavtools/wav-packer';
import { concatInt16 } from '../../lib/audio-codec/pcm';
import type { ConversationItemView } from './types';

export const AUDIO_SAMPLE_RATE = 24000;

export class ItemAudioUrls {
  private readonly urls = new Map<string, { url: string; samples: number }>();

  constructor(private readonly sampleRate = AUDIO_SAMPLE_RATE) {}

  /** The item's WAV URL once it is finished and has audio; null before. */
  urlFor(item: ConversationItemView): string | null {
    if (item.status === 'in_progress' || item.formatted.audioSampleCount === 0) return null;
    const known = this.urls.get(item.id);
    if (known && known.samples === item.formatted.audioSampleCount) return known.url;
    if (known) URL.revokeObjectURL(known.url);
    const url = URL.createObjectURL(WavPacker.pack(item.getAudio(), { sampleRate: this.sampleRate }));
    this.urls.set(item.id, { url, samples: item.formatted.audioSampleCount });
    return url;
  }

  /** Revokes the URLs of items no longer in `keepIds`. */
  prune(keepIds: ReadonlySet<string>): void {
    for (const [id, { url }] of Array.from(this.urls)) {
      if (!keepIds.has(id)) {
        URL.revokeObjectURL(url);
        this.urls.delete(id);
      }
    }
  }

  dispose(): void {
    this.prune(new Set());
  }
}

/** The whole conversation's audio, item after item, as one WAV. */
export function conversationWav(items: readonly ConversationItemView[], sampleRate = AUDIO_SAMPLE_RATE): Blob | null {
  const parts = items.filter((item) => item.formatted.audioSampleCount > 0).map((item) => item.getAudio());
  const joined = concatInt16(parts);
  return joined.length === 0 ? null : WavPacker.pack(joined, { sampleRate });
}
