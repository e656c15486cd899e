// Reading a recording off the page's main thread: what the worker (recording.worker.ts) runs, as
// a pure function that posts messages, so Node tests run exactly what the worker runs. Unzipping,
// decoding, parsing, rebuilding the conversation and building the stereo WAV each hold a thread
// for seconds on a 100,000-event recording (bench/open-recording.bench.ts).
//
// The page still needs every event as an object (its event log shows and searches them), and a
// structured clone of 100,000 parsed records costs the receiving thread more than parsing their
// JSON (1.4 s against 0.4 s in Node): so the lines go to the page as text, in batches it parses
// one per task, while this reads the same lines with the same reader for the conversation and
// the audio. Messages, in order: head, lines…, items, audio (or error, at any point).
import { itemData, type ItemData } from './recorded-items';
import { RecordingConversation, type RecordedSeam } from './recording-conversation';
import { JsonlReader, protocolOf, unpackSessionFile, type SessionManifest } from './session-file';
import { sessionAudio } from './session-audio';

/** What the page asks: the file's bytes (the worker reads the File itself). */
export interface ReadRequest {
  file: Blob;
}

export type ReaderMessage =
  | { type: 'head'; manifest: SessionManifest | null; problem: string | null }
  /** `lines` start at line `firstLine` (1-based); `progress`: the share of the events' text sent so far. */
  | { type: 'lines'; lines: string[]; firstLine: number; progress: number }
  /** The page has every line: what the reader does now. */
  | { type: 'stage'; stage: 'conversation' | 'audio' }
  /** The conversation rebuilt (empty for a GPT-Live recording, which the page rebuilds itself). */
  | { type: 'items'; items: ItemData[]; seams: RecordedSeam[] }
  /**
   * The stereo WAV: the zip's own, else built from the events; null when there is no audio. A
   * Blob made here: making it from the bytes copies them, which held the page for 0.2 s at 40,000 events.
   */
  | { type: 'audio'; wav: Blob | null }
  | { type: 'error'; message: string };

export type Post = (message: ReaderMessage, transfer?: ArrayBuffer[]) => void;

/** Lines per batch, and characters: a batch is one short task of parsing for the page. */
export const BATCH_LINES = 250;
export const BATCH_CHARS = 128 * 1024;

/** Reads the file and posts what it finds; an exception becomes an 'error' message with its text. */
export function readRecording(bytes: Uint8Array, post: Post): void {
  try {
    read(bytes, post);
  } catch (error) {
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
}

function read(bytes: Uint8Array, post: Post): void {
  const unpacked = unpackSessionFile(bytes);
  post({ type: 'head', manifest: unpacked.manifest, problem: unpacked.problem });
  const text = unpacked.events ?? '';
  const lines = unpacked.events === null ? [] : text.split('\n');
  const reader = new JsonlReader();
  // Every batch goes out first, so the page parses while this thread goes on below.
  const batches: Array<{ lines: string[]; firstLine: number }> = [];
  let chars = 0;
  for (let start = 0; start < lines.length; ) {
    let end = start;
    let size = 0;
    while (end < lines.length && end - start < BATCH_LINES && (size < BATCH_CHARS || end === start)) size += lines[end++].length + 1;
    chars += size;
    const batch = { lines: lines.slice(start, end), firstLine: start + 1 };
    batches.push(batch);
    post({ type: 'lines', ...batch, progress: text.length > 0 ? Math.min(1, chars / text.length) : 1 });
    start = end;
  }
  for (const batch of batches) reader.push(batch.lines, batch.firstLine);
  const protocol = protocolOf(unpacked.manifest, reader.header, reader.records);
  post({ type: 'stage', stage: 'conversation' });
  const items: ItemData[] = [];
  const conversation = new RecordingConversation();
  if (protocol === 'realtime') {
    for (const record of reader.records) conversation.add(record);
    for (const item of conversation.items()) items.push(itemData(item));
  }
  post({ type: 'items', items, seams: conversation.seams }, items.map((item) => item.audio.buffer as ArrayBuffer));
  post({ type: 'stage', stage: 'audio' });
  const wav = unpacked.wav ?? sessionAudio(reader.records)?.wav ?? null;
  post({ type: 'audio', wav: wav ? wavBlob(wav) : null });
}

export const wavBlob = (wav: Uint8Array): Blob => new Blob([wav], { type: 'audio/wav' });
