// The user's input turns: the input audio buffer, the VAD that cuts it into turns, the idle
// timeout, and the user audio items a commit makes (with their transcription). The connection
// dispatches the client's `input_audio_buffer.*` events here and asks back which items were idle
// timeouts or scripted; responses stay with the connection, reached through the host.
import { cloneJson } from '../src/lib/shared/json';
import type { ErrorInfo } from './client-errors';
import type { ConversationStore, StoredItem } from './conversation-store';
import { newItemId } from './ids';
import type { Outbox } from './outbox';
import type { ActiveResponse } from './response-streamer';
import type { SimSession, TurnDetection } from './session';
import { InputAudioBuffer, MIN_COMMIT_MS, SAMPLES_PER_MS } from './audio-buffer';
import { EnergyVad, vadParams, type VadEvent } from './vad';
import { InputAudioStream } from './wire-audio';
import { runTranscription } from './transcription';
import { untranscribedAudioPart } from './item-rules';

/** What the input turns need from their connection. */
export interface InputTurnsHost {
  outbox: Outbox;
  store: ConversationStore;
  speed: number;
  /** `fault_transcription_failed`: every transcription fails. */
  transcriptionFails: boolean;
  session(): SimSession;
  activeResponse(): ActiveResponse | null;
  /** Starts the turn's response once the active one is done. */
  respondAfterActive(): void;
  logFailure(what: string, error: unknown): void;
  /** Speech interrupts (VAD with `interrupt_response`): a WebRTC call cuts off its playing audio. */
  interruptPlayback?(): void;
}

/** Standard base64, padding optional (as browsers' btoa and Buffer produce it). */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/;

export class InputTurns {
  private readonly buffer = new InputAudioBuffer();
  /** Appends in the session's input format, decoded to the buffer's 24 kHz PCM16. */
  private readonly inputAudio = new InputAudioStream();
  private vad: EnergyVad | null = null;
  private vadKey = '';
  private speech: { itemId: string; startMs: number } | null = null;
  /** Session-clock ms from which `idle_timeout_ms` counts (set when a response ends). */
  private idleAnchorMs: number | null = null;
  private readonly idleTimeoutItems = new Set<string>();
  /** Texts the next audio turns stand for (`sim_script`), in order. */
  private readonly script: string[];
  private readonly scripted = new Map<string, string>();

  constructor(private readonly host: InputTurnsHost, script: readonly string[] = []) {
    this.script = [...script];
    this.resetVad();
  }

  /** Whether the item was committed by the idle timeout (the reply asks if the user is there). */
  isIdleTimeout(itemId: string): boolean {
    return this.idleTimeoutItems.has(itemId);
  }

  /** The `sim_script` text the item's audio stands for, or null. */
  scriptedText(itemId: string): string | null {
    return this.scripted.get(itemId) ?? null;
  }

  /** A response ended: the idle timeout counts from now. */
  responseFinished(): void {
    this.idleAnchorMs = this.buffer.totalSamples / SAMPLES_PER_MS;
  }

  /** Rebuilds the VAD when its parameters changed (or always, when `force`). */
  resetVad(force = false): void {
    const detection = this.turnDetection();
    const key = JSON.stringify(detection);
    if (!force && key === this.vadKey) return;
    this.vadKey = key;
    this.vad = detection ? new EnergyVad(vadParams(detection), this.buffer.totalSamples) : null;
    if (!force) this.speech = null;
  }

  /** `input_audio_buffer.append`: an error when the audio is not base64. */
  append(base64: string): ErrorInfo | null {
    if (!BASE64.test(base64)) {
      return { type: 'invalid_request_error', code: 'invalid_value', message: "Invalid 'audio'. Expected base64-encoded audio bytes.", param: 'audio' };
    }
    this.appendSamples(this.inputAudio.decode(Buffer.from(base64, 'base64'), this.host.session().audio?.input?.format));
    return null;
  }

  /** Decoded 24 kHz PCM16 (a WebRTC call's microphone track): buffered and seen by the VAD. */
  appendSamples(samples: Int16Array): void {
    this.buffer.append(samples);
    if (this.vad) for (const detected of this.vad.process(samples)) this.onVadEvent(detected);
    this.checkIdleTimeout();
  }

  /** `input_audio_buffer.clear`. */
  clear(): void {
    this.inputAudio.flush(); // what the decoder held back goes with the rest
    this.buffer.clear();
    this.speech = null;
    this.resetVad(true);
    this.host.outbox.send({ type: 'input_audio_buffer.cleared' });
  }

  /** `input_audio_buffer.commit`: an error when under `MIN_COMMIT_MS` is buffered. */
  commit(): ErrorInfo | null {
    // The decoder's held-back end belongs to this commit: 8,000 µ-law bytes commit as 1,000 ms.
    this.buffer.append(this.inputAudio.flush());
    const bufferedMs = this.buffer.bufferedSamples / SAMPLES_PER_MS;
    if (bufferedMs < MIN_COMMIT_MS) {
      return {
        type: 'invalid_request_error',
        code: 'input_audio_buffer_commit_empty',
        message: `Error committing input audio buffer: buffer too small. Expected at least ${MIN_COMMIT_MS}ms of audio, but buffer only has ${bufferedMs.toFixed(2)}ms of audio.`,
        param: null,
      };
    }
    const itemId = this.speech?.itemId ?? newItemId();
    this.speech = null;
    this.resetVad(true);
    this.commitAudio(this.buffer.take(this.buffer.startSample, this.buffer.totalSamples), itemId);
    return null;
  }

  private turnDetection(): TurnDetection | null {
    return (this.host.session().audio?.input?.turn_detection as TurnDetection | null | undefined) ?? null;
  }

  private onVadEvent(detected: VadEvent): void {
    const detection = this.turnDetection();
    if (!detection) return;
    const { outbox } = this.host;
    if (detected.kind === 'speech_started') {
      const startMs = Math.max(detected.audioStartMs, this.buffer.startSample / SAMPLES_PER_MS);
      this.speech = { itemId: newItemId(), startMs };
      this.idleAnchorMs = null;
      outbox.send({ type: 'input_audio_buffer.speech_started', audio_start_ms: Math.round(startMs), item_id: this.speech.itemId });
      const active = this.host.activeResponse();
      if (detection.interrupt_response !== false) {
        active?.cancel('turn_detected');
        this.host.interruptPlayback?.();
      }
      return;
    }
    const speech = this.speech;
    if (!speech) return;
    this.speech = null;
    outbox.send({ type: 'input_audio_buffer.speech_stopped', audio_end_ms: Math.round(detected.audioEndMs), item_id: speech.itemId });
    const audio = this.buffer.take(speech.startMs * SAMPLES_PER_MS, detected.audioEndMs * SAMPLES_PER_MS);
    this.commitAudio(audio, speech.itemId);
    if (detection.create_response !== false) this.host.respondAfterActive();
  }

  private checkIdleTimeout(): void {
    const detection = this.turnDetection();
    if (detection?.type !== 'server_vad' || !detection.idle_timeout_ms || this.idleAnchorMs === null) return;
    if (this.speech || this.host.activeResponse()) return;
    const nowMs = this.buffer.totalSamples / SAMPLES_PER_MS;
    if (nowMs - this.idleAnchorMs < detection.idle_timeout_ms) return;
    const startMs = Math.max(this.idleAnchorMs, this.buffer.startSample / SAMPLES_PER_MS);
    this.idleAnchorMs = null;
    const itemId = newItemId();
    this.idleTimeoutItems.add(itemId);
    this.host.outbox.send({ type: 'input_audio_buffer.timeout_triggered', audio_start_ms: Math.round(startMs), audio_end_ms: Math.round(nowMs), item_id: itemId });
    this.commitAudio(this.buffer.take(startMs * SAMPLES_PER_MS, nowMs * SAMPLES_PER_MS), itemId);
    this.host.respondAfterActive();
  }

  /** Makes a user audio item of committed audio: committed, item added and done, transcription. */
  private commitAudio(audio: Int16Array, itemId: string): void {
    const { outbox, store } = this.host;
    const item: StoredItem['item'] = { id: itemId, object: 'realtime.item', type: 'message', status: 'completed', role: 'user', content: [untranscribedAudioPart()] };
    const inserted = store.insert({ item, audio });
    const previous = 'previousItemId' in inserted ? inserted.previousItemId : null;
    outbox.send({ type: 'input_audio_buffer.committed', previous_item_id: previous, item_id: itemId });
    outbox.send({ type: 'conversation.item.added', previous_item_id: previous, item: cloneJson(item) });
    outbox.send({ type: 'conversation.item.done', previous_item_id: previous, item: cloneJson(item) });
    const scriptedText = this.script.shift() ?? null;
    if (scriptedText !== null) this.scripted.set(itemId, scriptedText);
    const transcription = this.host.session().audio?.input?.transcription;
    if (transcription) {
      runTranscription({
        outbox,
        config: transcription,
        itemId,
        durationMs: audio.length / SAMPLES_PER_MS,
        scriptedText,
        speed: this.host.speed,
        fail: this.host.transcriptionFails,
        onTranscript: (transcript) => {
          const part = item.type === 'message' && item.role === 'user' ? item.content[0] : undefined;
          if (part) part.transcript = transcript;
        },
      }).catch((error: unknown) => this.host.logFailure('transcription', error));
    }
  }
}
