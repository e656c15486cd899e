// The page's side of opening a recording: takes the reader's messages (recording-reader.ts) in
// order and builds the Recording. Each 'lines' message (a batch of at most 250 lines) is parsed
// and logged on its own; openRecording.ts works through them a slice at a time, so the page keeps
// painting and answering while a big file opens.
// The protocol (which log to build) is known from the manifest, the JSONL's header, or its first
// 50 records (detectProtocol): records wait until then.
import { JsonlReader, protocolOf, type OpenedRecord, type SessionManifest } from '../../lib/inspector/session-file';
import { itemView } from '../../lib/inspector/recorded-items';
import type { ReaderMessage } from '../../lib/inspector/recording-reader';
import { recordsSink, type Recording, type RecordsSink } from './recording';

/** Records detectProtocol looks at. */
const PROTOCOL_WINDOW = 50;

export type AssemblyStep =
  | { state: 'reading'; progress: number; stage: 'lines' | 'conversation' | 'audio' }
  | { state: 'ready'; recording: Recording }
  /** The same sentence the page showed before the reading moved to a worker (without the file's name). */
  | { state: 'failed'; message: string };

export class RecordingAssembler {
  private readonly reader = new JsonlReader();
  private manifest: SessionManifest | null = null;
  private problem: string | null = null;
  private sink: RecordsSink | null = null;
  private waiting: OpenedRecord[] = [];
  private progress = 0;
  private finished = false;
  private resolveAudio: (wav: Blob | null) => void = () => undefined;
  private readonly audio = new Promise<Blob | null>((resolve) => {
    this.resolveAudio = resolve;
  });

  constructor(private readonly name: string) {}

  receive(message: ReaderMessage): AssemblyStep {
    switch (message.type) {
      case 'head':
        this.manifest = message.manifest;
        this.problem = message.problem;
        return this.reading('lines');
      case 'lines':
        this.progress = message.progress;
        this.feed(this.reader.push(message.lines, message.firstLine));
        return this.reading('lines');
      case 'stage':
        return this.reading(message.stage);
      case 'items':
        return this.finish(message);
      case 'audio':
        this.resolveAudio(message.wav);
        return this.reading('audio');
      case 'error':
        // After the recording is shown, only its audio was still coming: there will be none.
        this.resolveAudio(null);
        return { state: 'failed', message: message.message };
    }
  }

  private reading(stage: 'lines' | 'conversation' | 'audio'): AssemblyStep {
    return { state: 'reading', progress: this.progress, stage };
  }

  private feed(records: OpenedRecord[]): void {
    if (this.sink) {
      this.sink.add(records);
      return;
    }
    this.waiting.push(...records);
    if (this.reader.records.length >= PROTOCOL_WINDOW) this.startSink();
  }

  private startSink(): RecordsSink {
    const records = this.reader.records;
    this.sink = recordsSink(protocolOf(this.manifest, this.reader.header, records.slice(0, PROTOCOL_WINDOW)), records[0]?.time ?? 0);
    this.sink.add(this.waiting);
    this.waiting = [];
    return this.sink;
  }

  private finish(message: Extract<ReaderMessage, { type: 'items' }>): AssemblyStep {
    if (this.finished) return this.reading('audio');
    this.finished = true;
    const { records, droppedNotice, header } = this.reader;
    const problems = this.problem ? [this.problem] : this.reader.problems;
    if (records.length === 0) return { state: 'failed', message: `no events could be read${problems.length ? ` (${problems.join('; ')})` : ''}` };
    const sink = this.sink ?? this.startSink();
    const recording: Recording = {
      opened: {
        name: this.name,
        protocol: protocolOf(this.manifest, header, records),
        records,
        manifest: this.manifest,
        droppedNotice,
        problems,
        problemCount: this.problem ? 1 : this.reader.problemCount,
      },
      log: sink.log,
      inspector: sink.inspector,
      live: sink.live,
      items: message.items.map(itemView),
      seams: message.seams,
      audio: () => this.audio,
    };
    return { state: 'ready', recording };
  }
}
