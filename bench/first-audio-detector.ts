// An init script for the first-audio bench's page: every remote audio track any
// RTCPeerConnection of the page receives (the model's track on WebRTC; on WebSocket, the
// echo-canceller loopback's track, which is what the console's <audio> element plays) is tapped
// into an AudioContext of its own, where a worklet reports each sound onset: the first sample
// above THRESHOLD after at least QUIET_MS of quiet, stamped with Date.now() (the clock of the
// page's event records). Onsets go to `window.__benchAudioOnsets`. Plain JavaScript in a
// string: it runs in the page as it is, before the console's own scripts.

/** Linear amplitude of an onset: −46 dBFS, far above decoded Opus silence, far below speech. */
export const ONSET_THRESHOLD = 0.005;
export const ONSET_QUIET_MS = 150;

export interface AudioOnset {
  /** Date.now() clock, ms: when the worklet rendered the onset's first loud sample. */
  time: number;
  rms: number;
  /** The tap context's baseLatency + outputLatency, ms (not added to `time`). */
  latencyMs: number;
}

const PROCESSOR = `
class BenchOnset extends AudioWorkletProcessor {
  constructor() {
    super();
    this.quietNeeded = Math.round(${ONSET_QUIET_MS} * sampleRate / 1000);
    this.quiet = this.quietNeeded;
  }
  process(inputs) {
    const channel = inputs[0] && inputs[0][0];
    if (!channel) return true;
    let sum = 0;
    for (let i = 0; i < channel.length; i++) sum += channel[i] * channel[i];
    const rms = Math.sqrt(sum / channel.length);
    if (rms > ${ONSET_THRESHOLD}) {
      if (this.quiet >= this.quietNeeded) {
        let i = 0;
        while (i < channel.length - 1 && Math.abs(channel[i]) < ${ONSET_THRESHOLD}) i++;
        this.port.postMessage({ time: Date.now() + (i * 1000) / sampleRate, rms });
      }
      this.quiet = 0;
    } else {
      this.quiet += channel.length;
    }
    return true;
  }
}
registerProcessor('bench-onset', BenchOnset);
`;

export const ONSET_DETECTOR_SCRIPT = `(() => {
  window.__benchAudioOnsets = [];
  const source = ${JSON.stringify(PROCESSOR)};
  async function tap(track) {
    const context = new AudioContext();
    const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
    await context.audioWorklet.addModule(url);
    URL.revokeObjectURL(url);
    const node = new AudioWorkletNode(context, 'bench-onset');
    const latencyMs = ((context.baseLatency || 0) + (context.outputLatency || 0)) * 1000;
    node.port.onmessage = (event) => window.__benchAudioOnsets.push({ time: event.data.time, rms: event.data.rms, latencyMs });
    context.createMediaStreamSource(new MediaStream([track])).connect(node);
    // Pulled by the destination through a muted gain, so the graph renders it.
    const mute = context.createGain();
    mute.gain.value = 0;
    node.connect(mute).connect(context.destination);
    if (context.state === 'suspended') await context.resume();
  }
  const Native = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Native {
    constructor(config) {
      super(config);
      this.addEventListener('track', (event) => {
        if (event.track.kind === 'audio') tap(event.track).catch((error) => console.warn('bench tap failed', error));
      });
    }
  };
})();`;
