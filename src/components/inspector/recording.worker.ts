// The worker that opens a recording off the page's main thread: it reads the File it is given
// and posts what recording-reader.ts finds (the page's side: openRecording.ts).
import { readRecording, type ReaderMessage, type ReadRequest } from '../../lib/inspector/recording-reader';

/** What this file uses of a dedicated worker's scope (the DOM lib types `self` as a window). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<ReadRequest>) => void) | null;
  postMessage(message: ReaderMessage, transfer: Transferable[]): void;
}

const scope = globalThis as unknown as WorkerScope;

scope.onmessage = (event) => {
  event.data.file.arrayBuffer().then(
    (buffer) => readRecording(new Uint8Array(buffer), (message, transfer) => scope.postMessage(message, transfer ?? [])),
    (error: unknown) => scope.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) }, []),
  );
};
