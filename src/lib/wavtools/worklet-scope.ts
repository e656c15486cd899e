// A minimal AudioWorkletGlobalScope for Node: evaluates a processor source string (the exact
// text the browser loads) and drives its process() quantum by quantum. Used by the Node tests.

export interface FakePort {
  onmessage: ((event: { data: unknown }) => void) | null;
  posted: unknown[];
  postMessage(message: unknown, transfer?: unknown[]): void;
}

export interface LoadedProcessor {
  port: FakePort;
  /** Runs one quantum; returns the output channel (mono) or nothing for capture. */
  runQuantum(input?: Float32Array[]): Float32Array;
  send(message: unknown): void;
  /** The context frame at the start of the next quantum. */
  readonly frame: number;
}

export const QUANTUM = 128;

interface ProcessorInstance {
  port: FakePort;
  process(inputs: Float32Array[][], outputs: Float32Array[][]): boolean;
}

type ProcessorClass = new (options: { processorOptions: unknown }) => ProcessorInstance;

export function loadProcessor(source: string, name: string, options: unknown, sampleRate: number): LoadedProcessor {
  const registry = new Map<string, ProcessorClass>();
  const scope = globalThis as unknown as Record<string, unknown>;
  class AudioWorkletProcessor {
    port: FakePort = {
      onmessage: null,
      posted: [],
      postMessage(message: unknown) {
        this.posted.push(message);
      },
    };
  }
  const saved = { ...['AudioWorkletProcessor', 'registerProcessor', 'sampleRate', 'currentFrame'].reduce((all, key) => ({ ...all, [key]: scope[key] }), {}) } as Record<string, unknown>;
  scope.AudioWorkletProcessor = AudioWorkletProcessor;
  scope.registerProcessor = (processorName: string, processor: ProcessorClass) => registry.set(processorName, processor);
  scope.sampleRate = sampleRate;
  scope.currentFrame = 0;
  // eslint-disable-next-line no-new-func
  new Function(source)();
  const Processor = registry.get(name);
  if (!Processor) throw new Error(`${name} was not registered`);
  const instance = new Processor({ processorOptions: options });
  let frame = 0;
  const restore = () => Object.assign(scope, saved);
  restore();
  const withScope = <T>(run: () => T): T => {
    scope.currentFrame = frame;
    scope.sampleRate = sampleRate;
    try {
      return run();
    } finally {
      restore();
    }
  };
  return {
    port: instance.port,
    get frame() {
      return frame;
    },
    send(message: unknown) {
      withScope(() => instance.port.onmessage?.({ data: message }));
    },
    runQuantum(input: Float32Array[] = []) {
      const output = new Float32Array(QUANTUM);
      withScope(() => instance.process([input], [[output]]));
      frame += QUANTUM;
      return output;
    },
  };
}
