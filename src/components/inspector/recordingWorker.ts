// Starts the recording reader's worker. Alone in its module because jest (CommonJS) cannot load
// `import.meta`: openRecording.ts imports this only where a Worker exists, which jsdom has not.
// webpack 5 sees `new Worker(new URL(…, import.meta.url))` and builds the worker as its own chunk.
export function startRecordingWorker(): Worker {
  return new Worker(new URL('./recording.worker.ts', import.meta.url), { name: 'recording-reader' });
}
