// Opens a recording file for the page: in a worker (recording.worker.ts), so unzipping, parsing,
// rebuilding the conversation and building the WAV leave the page free; the page only turns the
// lines it is sent into its log, a few batches per task (recordingAssembler.ts). Where there is
// no Worker (jsdom, under jest) the same reader runs here, with the same messages.
import { readRecording, type ReaderMessage } from '../../lib/inspector/recording-reader';
import { RecordingAssembler, type AssemblyStep } from './recordingAssembler';
import type { Recording } from './recording';

export interface OpeningCallbacks {
  /** How far the reading is: the share of the events read into the log, then what the reader does. */
  progress(step: Extract<AssemblyStep, { state: 'reading' }>): void;
  ready(recording: Recording): void;
  /** A readable sentence, as the page showed it before (without the file's name). */
  failed(message: string): void;
}

export interface Opening {
  /** Stops the reading (and the WAV's building): another file was opened, or the recording closed. */
  cancel(): void;
}

/**
 * How long the page works through the reader's messages before it lets a frame be painted. A
 * worker's messages can arrive faster than the page reads them, and Chromium then ran one after
 * another without painting between them (the status went from 17% to 100% in one frame).
 */
export const SLICE_MS = 8;

export function openRecording(file: File, callbacks: OpeningCallbacks): Opening {
  const assembler = new RecordingAssembler(file.name);
  // Messages wait in a queue the page works through a slice at a time, a task per slice: the next
  // slice is a message to itself (timers nested this deep wait at least 4 ms each), or a timer.
  const queue: ReaderMessage[] = [];
  const channel = typeof MessageChannel === 'undefined' ? null : new MessageChannel();
  let scheduled = false;
  let stopped = false;
  let shown = false;
  let stopReader = () => undefined as void;
  const stop = () => {
    stopped = true;
    queue.length = 0;
    channel?.port1.close();
    stopReader();
  };
  const receive = (message: ReaderMessage) => {
    const step = assembler.receive(message);
    if (step.state === 'failed') {
      stop();
      callbacks.failed(step.message);
    } else if (step.state === 'ready') {
      shown = true;
      callbacks.ready(step.recording);
    } else if (!shown) callbacks.progress(step);
    // The WAV is the last message: the reader has nothing left to do.
    if (message.type === 'audio') stop();
  };
  const work = () => {
    scheduled = false;
    const until = performance.now() + SLICE_MS;
    while (queue.length > 0 && !stopped && performance.now() < until) receive(queue.shift() as ReaderMessage);
    if (queue.length > 0 && !stopped) schedule();
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    if (channel) channel.port2.postMessage(null);
    else setTimeout(work, 0);
  };
  if (channel) channel.port1.onmessage = work;
  const enqueue = (message: ReaderMessage) => {
    if (stopped) return;
    queue.push(message);
    schedule();
  };
  if (typeof Worker === 'undefined') {
    readHere(file, enqueue);
  } else {
    void import(/* webpackMode: "eager" */ './recordingWorker').then(({ startRecordingWorker }) => {
      if (stopped) return;
      let worker: Worker;
      try {
        worker = startRecordingWorker();
      } catch (error) {
        enqueue({ type: 'error', message: `the reader could not start: ${error instanceof Error ? error.message : String(error)}` });
        return;
      }
      stopReader = () => worker.terminate();
      worker.onmessage = (event: MessageEvent<ReaderMessage>) => enqueue(event.data);
      worker.onerror = (event) => {
        event.preventDefault();
        enqueue({ type: 'error', message: event.message || 'the reader stopped' });
      };
      worker.onmessageerror = () => enqueue({ type: 'error', message: 'the reader sent what the page could not read' });
      worker.postMessage({ file });
    });
  }
  return { cancel: stop };
}

/** The reader on this thread (no Worker: jsdom), its messages queued as a worker's would be. */
function readHere(file: File, enqueue: (message: ReaderMessage) => void): void {
  file.arrayBuffer().then(
    (buffer) => readRecording(new Uint8Array(buffer), enqueue),
    (error: unknown) => enqueue({ type: 'error', message: error instanceof Error ? error.message : String(error) }),
  );
}
