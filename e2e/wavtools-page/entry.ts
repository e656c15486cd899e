// The wavtools test page (bundled by e2e/wavtools-page/build-page.ts with esbuild): the real
// library plus test instruments — every AudioContext created is recorded (to check that
// end()/disconnect() close them), and a tap worklet records what the player really outputs.
import * as wavtools from '../../src/lib/wavtools';

const contexts: AudioContext[] = [];
const NativeAudioContext = window.AudioContext;
class TrackedAudioContext extends NativeAudioContext {
  constructor(options?: AudioContextOptions) {
    super(options);
    contexts.push(this);
  }
}
window.AudioContext = TrackedAudioContext;

const TAP_SOURCE = `
class TestTap extends AudioWorkletProcessor {
  constructor() {
    super();
    this.blocks = [];
    this.port.onmessage = () => {
      const total = this.blocks.reduce((n, b) => n + b.length, 0);
      const all = new Float32Array(total);
      let offset = 0;
      for (const b of this.blocks) { all.set(b, offset); offset += b.length; }
      this.port.postMessage(all, [all.buffer]);
      this.blocks = [];
    };
  }
  process(inputs) {
    const channel = inputs[0] && inputs[0][0];
    this.blocks.push(channel ? channel.slice() : new Float32Array(128));
    return true;
  }
}
registerProcessor('test-tap', TestTap);
`;

/** Records everything `node` outputs from now on; `take()` returns it. */
async function tapOutput(context: AudioContext, node: AudioNode): Promise<{ take(): Promise<Float32Array> }> {
  const url = URL.createObjectURL(new Blob([TAP_SOURCE], { type: 'text/javascript' }));
  await context.audioWorklet.addModule(url);
  URL.revokeObjectURL(url);
  const tap = new AudioWorkletNode(context, 'test-tap', { numberOfInputs: 1, numberOfOutputs: 1, outputChannelCount: [1] });
  node.connect(tap);
  tap.connect(context.destination); // pulled by the destination; it outputs silence
  return {
    take: () => new Promise<Float32Array>((resolve) => {
      tap.port.onmessage = (event: MessageEvent<Float32Array>) => resolve(event.data);
      tap.port.postMessage('take');
    }),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** PCM whose every sample is non-zero and tells its own index: 1..1000 repeating. */
function counting(length: number, start = 0): Int16Array {
  return Int16Array.from({ length }, (_, i) => ((start + i) % 1000) + 1);
}

/** The longest run of exact zeros between the first and the last non-zero sample. */
function longestInnerSilence(samples: Float32Array): number {
  let first = -1;
  let last = -1;
  samples.forEach((v, i) => {
    if (v !== 0) {
      if (first < 0) first = i;
      last = i;
    }
  });
  let longest = 0;
  for (let i = first, run = 0; first >= 0 && i <= last; i++) {
    run = samples[i] === 0 ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return longest;
}

// Test code passed to page.evaluate is compiled by tsx (esbuild, keepNames), which wraps named
// functions in `__name(fn, "name")`: the page provides that helper as a no-op.
(globalThis as unknown as { __name: <T>(target: T) => T }).__name = (target) => target;

const page = {
  wavtools,
  counting,
  longestInnerSilence,
  contexts,
  tapOutput,
  sleep,
  /** States of every AudioContext created so far. */
  contextStates: () => contexts.map((context) => context.state),
};

declare global {
  interface Window {
    wavtoolsPage: typeof page;
  }
}
window.wavtoolsPage = page;
export type WavtoolsPage = typeof page;
