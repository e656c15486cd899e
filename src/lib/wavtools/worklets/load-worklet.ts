// Registers a processor whose source is a string: a Blob URL works the same in the CRA build,
// the esbuild test page and any other bundler, with no worklet file to copy or serve.

/** Adds `source` as a module to the context's AudioWorklet (once per context). */
export async function addWorkletModule(context: BaseAudioContext, source: string): Promise<void> {
  if (!context.audioWorklet) throw new Error('AudioWorklet is not available (it needs a secure context: https or localhost)');
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  try {
    await context.audioWorklet.addModule(url);
  } finally {
    URL.revokeObjectURL(url);
  }
}
