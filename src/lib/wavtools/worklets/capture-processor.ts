// Source of the capture AudioWorkletProcessor. It is plain JavaScript in a string (loaded
// through a Blob URL) so that no bundler or transpiler touches it: the same text runs in the
// CRA build, the e2e test page, and the Node tests (which evaluate it with a fake scope).
//
// It mixes the input to mono and posts batches of `batchFrames` device-rate frames (the
// buffers are transferred, not copied) while capturing is on. Resampling and chunking happen
// on the main thread (capture-pipeline.ts), in code tested in Node.

export const CAPTURE_PROCESSOR_NAME = 'wavtools-capture';

export interface CaptureProcessorOptions {
  batchFrames: number;
}

/** Messages to the processor. */
export type CaptureCommand = { type: 'capture'; on: boolean } | { type: 'flush'; id: number };

/** Messages from the processor. `endFrame` is the context frame just after the batch. */
export type CaptureEvent = { type: 'frames'; frames: Float32Array; endFrame: number } | { type: 'flushed'; id: number };

export const CAPTURE_PROCESSOR_SOURCE = `
class WavtoolsCaptureProcessor extends AudioWorkletProcessor {
  constructor(options) {
    super();
    const settings = (options && options.processorOptions) || {};
    this.batchFrames = settings.batchFrames || 256;
    this.batch = new Float32Array(this.batchFrames);
    this.filled = 0;
    this.capturing = false;
    this.port.onmessage = (event) => this.command(event.data);
  }

  command(message) {
    if (message.type === 'capture') {
      this.capturing = message.on;
      if (!message.on) this.filled = 0;
    } else if (message.type === 'flush') {
      this.post(currentFrame);
      this.port.postMessage({ type: 'flushed', id: message.id });
    }
  }

  post(endFrame) {
    if (this.filled === 0) return;
    const frames = this.batch.slice(0, this.filled);
    this.port.postMessage({ type: 'frames', frames, endFrame }, [frames.buffer]);
    this.filled = 0;
  }

  process(inputs) {
    if (!this.capturing) return true;
    const channels = inputs[0] || [];
    const length = channels.length ? channels[0].length : 128;
    const scale = channels.length ? 1 / channels.length : 0;
    for (let i = 0; i < length; i++) {
      let sum = 0;
      for (let c = 0; c < channels.length; c++) sum += channels[c][i];
      this.batch[this.filled++] = sum * scale;
      if (this.filled === this.batchFrames) this.post(currentFrame + i + 1);
    }
    return true;
  }
}
registerProcessor('${CAPTURE_PROCESSOR_NAME}', WavtoolsCaptureProcessor);
`;
