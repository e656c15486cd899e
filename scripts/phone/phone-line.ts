// The phone-line simulator: Twilio's side of a Media Streams call, for tests and demos. It
// streams the caller's µ-law every 20 ms of real time (silence between utterances, as a phone
// line does), plays what the relay sends at the same rate, echoes each mark once the audio
// before it has played (or at once when a clear drops it) and records what the caller heard.
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { FRAME_BYTES, FRAME_MS, MULAW_SILENCE } from './speech';
import { sid, type StreamInstructions } from './webhook-client';

export interface ClearRecord {
  /** Relay audio the caller had heard when the clear came, ms (20 ms frames played). */
  heardMs: number;
  /** Audio dropped from the queue, ms. */
  droppedMs: number;
}

export interface PhoneLineEvents {
  /** Every message received from the relay, parsed, with the media clock (ms) when it came. */
  received: Array<{ at: number; message: Record<string, unknown> }>;
  clears: ClearRecord[];
  marksEchoed: number;
}

export class PhoneLine {
  readonly events: PhoneLineEvents = { received: [], clears: [], marksEchoed: 0 };
  /** Everything the caller heard, frame by frame (µ-law; silence where nothing played). */
  readonly heard: number[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly streamSid = sid('MZ');
  private readonly socket: WebSocket;
  private readonly outgoing: Uint8Array[] = [];
  private outgoingAt = 0;
  private playQueue: number[] = [];
  /** Marks waiting for the audio before them: name and the queue position they follow. */
  private marks: Array<{ name: string; after: number }> = [];
  /** Relay audio played so far, bytes (frames with audio; silence fill not counted). */
  private playedBytes = 0;
  private queuedBytes = 0;
  private frame = 0;
  private timer: NodeJS.Timeout | null = null;
  private sequence = 1;
  private startWall = 0;

  private constructor(socket: WebSocket, private readonly call: StreamInstructions) {
    this.socket = socket;
    this.closed = new Promise((resolve) => socket.on('close', (code, reason) => {
      this.stopClock();
      resolve({ code, reason: String(reason) });
    }));
    socket.on('message', (data) => this.onMessage(String(data)));
    socket.on('error', () => undefined);
  }

  /** Opens the stream the TwiML named and sends `connected` and `start`, then runs the 20 ms clock. */
  static async dial(call: StreamInstructions, options: { url?: string } = {}): Promise<PhoneLine> {
    const socket = new WebSocket(options.url ?? call.streamUrl, { perMessageDeflate: false });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
      socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
    const line = new PhoneLine(socket, call);
    line.send({ event: 'connected', protocol: 'Call', version: '1.0.0' });
    line.send({
      event: 'start', sequenceNumber: String(line.sequence++), streamSid: line.streamSid,
      start: {
        streamSid: line.streamSid, accountSid: call.accountSid, callSid: call.callSid, tracks: ['inbound'],
        customParameters: call.parameters, mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
      },
    });
    line.startClock();
    return line;
  }

  /** Queues the caller's µ-law speech; it goes out 20 ms a frame after what is already queued. */
  say(bytes: Uint8Array): void {
    this.outgoing.push(bytes);
  }

  /** Whether the caller is still speaking queued audio. */
  get speaking(): boolean {
    return this.outgoing.length > 0;
  }

  /** Relay audio the caller has heard, ms. */
  get heardAudioMs(): number {
    return this.playedBytes / 8;
  }

  /** Media time: ms since the stream started, by the 20 ms clock. */
  get mediaMs(): number {
    return this.frame * FRAME_MS;
  }

  sendDtmf(digit: string): void {
    this.send({ event: 'dtmf', sequenceNumber: String(this.sequence++), streamSid: this.streamSid, dtmf: { track: 'inbound_track', digit } });
  }

  /** The caller hangs up: `stop`, then the socket closes as Twilio's does. */
  hangUp(): void {
    this.stopClock();
    this.send({ event: 'stop', sequenceNumber: String(this.sequence++), streamSid: this.streamSid, stop: { accountSid: this.call.accountSid, callSid: this.call.callSid } });
    this.socket.close(1000);
  }

  /** Sends any frame as is (fuzz tests). */
  sendRaw(frame: string): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(frame);
  }

  private send(message: object): void {
    this.sendRaw(JSON.stringify(message));
  }

  private onMessage(text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (typeof message !== 'object' || message === null) return;
    const record = message as Record<string, unknown>;
    this.events.received.push({ at: this.mediaMs, message: record });
    const body = (key: string) => (typeof record[key] === 'object' && record[key] !== null ? (record[key] as Record<string, unknown>) : {});
    if (record.event === 'media' && typeof body('media').payload === 'string') {
      const bytes = Buffer.from(String(body('media').payload), 'base64');
      for (const byte of bytes) this.playQueue.push(byte);
      this.queuedBytes += bytes.length;
    } else if (record.event === 'mark' && typeof body('mark').name === 'string') {
      this.marks.push({ name: String(body('mark').name), after: this.queuedBytes });
    } else if (record.event === 'clear') {
      this.events.clears.push({ heardMs: this.playedBytes / 8, droppedMs: this.playQueue.length / 8 });
      this.queuedBytes -= this.playQueue.length;
      this.playQueue = [];
      // Twilio echoes the marks of the audio a clear dropped.
      this.echoMarks(Number.POSITIVE_INFINITY);
    }
  }

  private echoMarks(upTo: number): void {
    while (this.marks.length > 0 && this.marks[0].after <= upTo) {
      const mark = this.marks.shift() as { name: string };
      this.events.marksEchoed++;
      this.send({ event: 'mark', sequenceNumber: String(this.sequence++), streamSid: this.streamSid, mark: { name: mark.name } });
    }
  }

  private startClock(): void {
    this.startWall = performance.now();
    const tick = () => {
      // Frames are due by the wall clock; a late timer catches up, as Twilio's packets would.
      const due = Math.floor((performance.now() - this.startWall) / FRAME_MS);
      while (this.frame <= due && this.socket.readyState === WebSocket.OPEN) this.step();
      this.timer = setTimeout(tick, this.startWall + (this.frame) * FRAME_MS - performance.now());
    };
    tick();
  }

  private stopClock(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** One 20 ms frame: play one frame of the relay's audio, then send one of the caller's. */
  private step(): void {
    const played = this.playQueue.splice(0, FRAME_BYTES);
    this.playedBytes += played.length;
    for (let i = 0; i < FRAME_BYTES; i++) this.heard.push(played[i] ?? MULAW_SILENCE);
    this.echoMarks(this.playedBytes);
    const payload = Buffer.alloc(FRAME_BYTES, MULAW_SILENCE);
    let filled = 0;
    while (filled < FRAME_BYTES && this.outgoing.length > 0) {
      const head = this.outgoing[0];
      const take = Math.min(FRAME_BYTES - filled, head.length - this.outgoingAt);
      payload.set(head.subarray(this.outgoingAt, this.outgoingAt + take), filled);
      filled += take;
      this.outgoingAt += take;
      if (this.outgoingAt >= head.length) {
        this.outgoing.shift();
        this.outgoingAt = 0;
      }
    }
    this.send({
      event: 'media', sequenceNumber: String(this.sequence++), streamSid: this.streamSid,
      media: { track: 'inbound', chunk: String(this.frame + 1), timestamp: String(this.frame * FRAME_MS), payload: payload.toString('base64') },
    });
    this.frame++;
  }
}

/** An answer is over once nothing new has played for this long. */
const ANSWER_QUIET_MS = 1500;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until the caller has finished speaking, then until an answer has played and gone quiet
 * (or `startWithinMs` passed with no answer, or the line closed).
 */
export async function waitForAnswer(line: PhoneLine, startWithinMs = 20_000): Promise<void> {
  let open = true;
  void line.closed.then(() => (open = false));
  while (line.speaking && open) await sleep(20);
  const startedWith = line.heardAudioMs;
  const deadline = Date.now() + startWithinMs;
  while (line.heardAudioMs === startedWith && Date.now() < deadline && open) await sleep(50);
  let last = line.heardAudioMs;
  let quietSince = Date.now();
  while (Date.now() - quietSince < ANSWER_QUIET_MS && open) {
    await sleep(50);
    if (line.heardAudioMs !== last) {
      last = line.heardAudioMs;
      quietSince = Date.now();
    }
  }
}
