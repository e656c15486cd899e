// Streams one response as the real API does: response.created, each output item (a spoken or
// written message, or a function call with its arguments in several deltas), response.done
// with usage, then rate_limits.updated. Audio is paced in real time divided by the speed factor.
import type {
  ConversationItem,
  RealtimeAudioFormats,
  RealtimeMcpApprovalRequest,
  RealtimeMcpToolCall,
  RealtimeResponse,
  RealtimeResponseUsage,
} from 'openai/resources/realtime/realtime';
import type { ConversationStore, StoredItem } from './conversation-store';
import { newCallId, newItemId } from './ids';
import type { Outbox } from './outbox';
import { CancelledError, Pacer } from './pacing';
import type { ReplyPlan } from './reply-planner';
import { pitchForVoice, splitWords, synthesizeSpeech, SYNTH_SAMPLE_RATE } from './speech-synth';
import { OutputAudioStream } from './wire-audio';
import type { RateLimiter } from './rate-limits';
import type { PlayoutBuffer } from './playout';
import { cloneJson } from '../src/lib/shared/json';

/** Longest audio delta, in ms (the real API's vary; this keeps meters smooth). */
export const AUDIO_DELTA_MS = 100;
/** Media time between text deltas in text-only mode. */
export const TEXT_DELTA_INTERVAL_MS = 40;
/** Function call arguments are streamed in this many deltas (at least). */
export const ARGUMENT_DELTAS = 4;
export const ARGUMENT_DELTA_INTERVAL_MS = 30;
/** Rough token estimates used for the usage figures. */
export const CHARS_PER_TEXT_TOKEN = 4;
export const AUDIO_MS_PER_OUTPUT_TOKEN = 50;

export type Modality = 'text' | 'audio';
export type CancelReason = 'client_cancelled' | 'turn_detected';

export interface ResponseSettings {
  id: string;
  conversationId: string;
  modalities: Modality[];
  voice: unknown;
  format: RealtimeAudioFormats;
  /** Session `audio.output.speed` (speaking rate). */
  speakingRate: number;
  maxOutputTokens: number | 'inf';
  metadata: Record<string, string> | null;
  /** `false` for out-of-band responses (`conversation: "none"`). */
  inConversation: boolean;
  inputTokens: { text: number; audio: number };
}

export interface ResponseContext {
  outbox: Outbox;
  store: ConversationStore;
  /** Media time factor: 1 = real time. */
  speed: number;
  /** Makes the response fail with this error code (a fault). */
  failWith: { code: string } | null;
  rateLimiter: RateLimiter;
  log: (line: string) => void;
  /**
   * A WebRTC call's output audio buffer: speech goes there, to be sent as media, instead of
   * `response.output_audio.delta` events (which a WebRTC client never receives).
   */
  playout?: PlayoutBuffer;
}

export interface ActiveResponse {
  id: string;
  cancel(reason: CancelReason): void;
  finished: Promise<void>;
  /** Assistant audio has been produced (the voice can no longer change). */
  producedAudio(): boolean;
}

type MessageContent = { type: 'output_audio'; transcript: string } | { type: 'output_text'; text: string };

export function startResponse(ctx: ResponseContext, settings: ResponseSettings, plans: ReplyPlan[]): ActiveResponse {
  const pacer = new Pacer(ctx.speed);
  let cancelReason: CancelReason | null = null;
  /** Set when `max_output_tokens` cut the output short. */
  let truncatedByLimit = false;
  /** Output spent by earlier items of this response, for `max_output_tokens`. */
  let spent = { chars: 0, audioMs: 0 };
  const limit = settings.maxOutputTokens;
  const withinLimit = (chars: number, audioMs: number): boolean =>
    limit === 'inf' || outputTokens(spent.chars + chars, spent.audioMs + audioMs) <= limit;
  let audioProduced = false;
  // Never rejects: a bug in one response is logged, it must not take the server down.
  const finished = run().catch((error: unknown) => {
    if (!(error instanceof CancelledError)) ctx.log(`simulator: response ${settings.id} failed: ${(error as Error).stack ?? String(error)}`);
  });

  async function run(): Promise<void> {
    // An MCP call's answer is planned once its result is in (it joins the list then).
    const steps: ReplyPlan[] = [...plans];
    const output: ConversationItem[] = [];
    let outputText = 0;
    let outputAudioMs = 0;
    ctx.outbox.send({ type: 'response.created', response: responseShape('in_progress', [], null) });
    if (ctx.failWith) {
      await pacer.pause(0).catch(() => undefined);
      // Only `type` and `code`: the published schema has no `message` here.
      finish('failed', output, { type: 'failed', error: { type: 'server_error', code: ctx.failWith.code } }, 0, 0);
      return;
    }
    let mediaMs = 0;
    for (let outputIndex = 0; outputIndex < steps.length; outputIndex++) {
      const plan = steps[outputIndex];
      const result =
        plan.kind === 'message'
          ? await streamMessage(plan.text, outputIndex, mediaMs)
          : plan.kind === 'function_call'
            ? await streamFunctionCall(plan.name, plan.arguments, outputIndex, mediaMs)
            : plan.kind === 'mcp_call'
              ? await streamMcpCall(plan, outputIndex, mediaMs, (text) => steps.splice(outputIndex + 1, 0, { kind: 'message', text }))
              : streamApprovalRequest(plan, outputIndex, mediaMs);
      output.push(result.item);
      outputText += result.textChars;
      outputAudioMs += result.audioMs;
      spent = { chars: outputText, audioMs: outputAudioMs };
      mediaMs = result.mediaMs;
      if (cancelReason || truncatedByLimit) break;
    }
    if (truncatedByLimit) finish('incomplete', output, { type: 'incomplete', reason: 'max_output_tokens' }, outputText, outputAudioMs);
    else if (cancelReason) finish('cancelled', output, { type: 'cancelled', reason: cancelReason }, outputText, outputAudioMs);
    else finish('completed', output, null, outputText, outputAudioMs);
  }

  function responseShape(
    status: NonNullable<RealtimeResponse['status']>,
    output: ConversationItem[],
    statusDetails: RealtimeResponse['status_details'] | null,
    usage: RealtimeResponseUsage | null = null,
  ): RealtimeResponse {
    return {
      object: 'realtime.response',
      id: settings.id,
      status,
      status_details: statusDetails as RealtimeResponse['status_details'],
      output,
      conversation_id: settings.inConversation ? settings.conversationId : undefined,
      output_modalities: settings.modalities,
      max_output_tokens: settings.maxOutputTokens,
      audio: { output: { format: settings.format, voice: settings.voice as string } },
      usage: usage as RealtimeResponseUsage,
      metadata: settings.metadata,
    };
  }

  function finish(
    status: 'completed' | 'cancelled' | 'failed' | 'incomplete',
    output: ConversationItem[],
    details: RealtimeResponse['status_details'] | null,
    textChars: number,
    audioMs: number,
  ): void {
    const usage = usageFor(settings.inputTokens, textChars, audioMs);
    ctx.outbox.send({ type: 'response.done', response: responseShape(status, output, details, usage) });
    ctx.playout?.responseDone(settings.id);
    ctx.outbox.send({ type: 'rate_limits.updated', rate_limits: ctx.rateLimiter.consume(usage.total_tokens ?? 0) });
  }

  /** Adds the item to the conversation (when in one) and announces it. */
  function addItem(stored: StoredItem, outputIndex: number): string | null {
    ctx.outbox.send({ type: 'response.output_item.added', response_id: settings.id, output_index: outputIndex, item: cloneJson(stored.item) });
    if (!settings.inConversation) return null;
    const inserted = ctx.store.insert(stored);
    const previous = 'previousItemId' in inserted ? inserted.previousItemId : null;
    ctx.outbox.send({ type: 'conversation.item.added', previous_item_id: previous, item: cloneJson(stored.item) });
    return previous;
  }

  function completeItem(stored: StoredItem, outputIndex: number, previous: string | null): void {
    if (settings.inConversation) ctx.outbox.send({ type: 'conversation.item.done', previous_item_id: previous, item: cloneJson(stored.item) });
    ctx.outbox.send({ type: 'response.output_item.done', response_id: settings.id, output_index: outputIndex, item: cloneJson(stored.item) });
  }

  async function streamMessage(text: string, outputIndex: number, startMediaMs: number) {
    const audio = settings.modalities.includes('audio');
    const id = newItemId();
    const content: MessageContent = audio ? { type: 'output_audio', transcript: '' } : { type: 'output_text', text: '' };
    const stored: StoredItem = {
      item: { id, object: 'realtime.item', type: 'message', status: 'in_progress', role: 'assistant', content: [] },
      audio: audio ? new Int16Array(0) : undefined,
    };
    const previous = addItem(stored, outputIndex);
    const item = stored.item as Extract<ConversationItem, { role: 'assistant' }> & { id: string };
    item.content = [content];
    const ids = { response_id: settings.id, item_id: id, output_index: outputIndex, content_index: 0 };
    ctx.outbox.send({ type: 'response.content_part.added', ...ids, part: audio ? { type: 'audio', transcript: '' } : { type: 'text', text: '' } });

    let mediaMs = startMediaMs;
    let spoken = '';
    let sentSamples = 0;
    const wire = audio && !ctx.playout ? new OutputAudioStream(settings.format) : null;
    try {
      if (audio) {
        const speech = synthesizeSpeech(text, { pitchHz: pitchForVoice(settings.voice), speed: settings.speakingRate });
        const chunkSamples = (AUDIO_DELTA_MS * SYNTH_SAMPLE_RATE) / 1000;
        for (let w = 0; w < speech.words.length; w++) {
          const word = speech.words[w];
          const end = w + 1 < speech.words.length ? speech.words[w + 1].startSample : speech.samples.length;
          if (!withinLimit(spoken.length + word.text.length, (end * 1000) / SYNTH_SAMPLE_RATE)) {
            truncatedByLimit = true;
            break;
          }
          spoken += word.text;
          ctx.outbox.send({ type: 'response.output_audio_transcript.delta', ...ids, delta: word.text });
          for (let at = word.startSample; at < end; at += chunkSamples) {
            const chunk = speech.samples.subarray(at, Math.min(end, at + chunkSamples));
            await pacer.until(startMediaMs + (sentSamples * 1000) / SYNTH_SAMPLE_RATE);
            if (ctx.playout) ctx.playout.push(settings.id, id, chunk);
            else {
              const delta = wire?.encode(chunk) ?? '';
              if (delta) ctx.outbox.send({ type: 'response.output_audio.delta', ...ids, delta });
            }
            audioProduced = true;
            sentSamples += chunk.length;
            // A truncation keeps the item cut (ConversationStore.truncate): nothing more goes in.
            if (stored.truncated) continue;
            stored.audio = speech.samples.subarray(0, sentSamples);
            if (content.type === 'output_audio') content.transcript = spoken;
          }
        }
      } else {
        for (const word of splitWords(text)) {
          if (!withinLimit(spoken.length + word.length, 0)) {
            truncatedByLimit = true;
            break;
          }
          await pacer.until((mediaMs += TEXT_DELTA_INTERVAL_MS));
          spoken += word;
          (content as { text: string }).text = spoken;
          ctx.outbox.send({ type: 'response.output_text.delta', ...ids, delta: word });
        }
      }
    } catch (error) {
      if (!(error instanceof CancelledError)) throw error;
    }
    const audioMs = Math.round((sentSamples * 1000) / SYNTH_SAMPLE_RATE);
    if (audio) {
      stored.audio = stored.audio?.slice();
      // The encoder's held-back end (G.711's filter), so the bytes sent last as long as the speech.
      const tail = wire?.flush() ?? '';
      if (tail) ctx.outbox.send({ type: 'response.output_audio.delta', ...ids, delta: tail });
      ctx.outbox.send({ type: 'response.output_audio.done', ...ids });
      ctx.outbox.send({ type: 'response.output_audio_transcript.done', ...ids, transcript: spoken });
      ctx.outbox.send({ type: 'response.content_part.done', ...ids, part: { type: 'audio', transcript: spoken } });
    } else {
      ctx.outbox.send({ type: 'response.output_text.done', ...ids, text: spoken });
      ctx.outbox.send({ type: 'response.content_part.done', ...ids, part: { type: 'text', text: spoken } });
    }
    item.status = cancelReason || truncatedByLimit ? 'incomplete' : 'completed';
    completeItem(stored, outputIndex, previous);
    return { item: cloneJson(item), textChars: spoken.length, audioMs, mediaMs: audio ? startMediaMs + audioMs : mediaMs };
  }

  async function streamFunctionCall(name: string, args: string, outputIndex: number, startMediaMs: number) {
    const id = newItemId();
    const callId = newCallId();
    const stored: StoredItem = {
      item: { id, object: 'realtime.item', type: 'function_call', status: 'in_progress', name, call_id: callId, arguments: '' },
    };
    const previous = addItem(stored, outputIndex);
    const item = stored.item as Extract<ConversationItem, { type: 'function_call' }> & { id: string };
    const ids = { response_id: settings.id, item_id: id, output_index: outputIndex, call_id: callId };
    let mediaMs = startMediaMs;
    try {
      for (const delta of splitIntoDeltas(args, ARGUMENT_DELTAS)) {
        await pacer.until((mediaMs += ARGUMENT_DELTA_INTERVAL_MS));
        item.arguments += delta;
        ctx.outbox.send({ type: 'response.function_call_arguments.delta', ...ids, delta });
      }
    } catch (error) {
      if (!(error instanceof CancelledError)) throw error;
    }
    // Sent on cancel too, with the arguments streamed so far: the event is "also emitted when a
    // Response is interrupted, incomplete, or cancelled" (ResponseFunctionCallArgumentsDoneEvent,
    // openai/resources/realtime/realtime.d.ts). The item itself ends `incomplete`.
    ctx.outbox.send({ type: 'response.function_call_arguments.done', ...ids, name, arguments: item.arguments });
    item.status = cancelReason ? 'incomplete' : 'completed';
    completeItem(stored, outputIndex, previous);
    return { item: cloneJson(item), textChars: item.arguments.length, audioMs: 0, mediaMs };
  }

  /** An MCP call: arguments streamed, in_progress, then completed or failed with the output. */
  async function streamMcpCall(plan: Extract<ReplyPlan, { kind: 'mcp_call' }>, outputIndex: number, startMediaMs: number, thenSay: (text: string) => void) {
    const id = newItemId();
    const item: RealtimeMcpToolCall = {
      id,
      type: 'mcp_call',
      server_label: plan.serverLabel,
      name: plan.name,
      arguments: '',
      approval_request_id: plan.approvalRequestId,
      output: null,
      error: null,
    };
    const stored: StoredItem = { item };
    const previous = addItem(stored, outputIndex);
    const ids = { response_id: settings.id, item_id: id, output_index: outputIndex };
    let mediaMs = startMediaMs;
    try {
      for (const delta of splitIntoDeltas(plan.arguments, ARGUMENT_DELTAS)) {
        await pacer.until((mediaMs += ARGUMENT_DELTA_INTERVAL_MS));
        item.arguments += delta;
        ctx.outbox.send({ type: 'response.mcp_call_arguments.delta', ...ids, delta });
      }
      ctx.outbox.send({ type: 'response.mcp_call_arguments.done', ...ids, arguments: item.arguments });
      ctx.outbox.send({ type: 'response.mcp_call.in_progress', item_id: id, output_index: outputIndex });
      const [result] = await Promise.all([plan.run(), pacer.until((mediaMs += ARGUMENT_DELTA_INTERVAL_MS))]);
      // A real server may take a while: media time moves on by what it took.
      mediaMs = Math.max(mediaMs, pacer.elapsedMediaMs());
      if (pacer.isCancelled) throw new CancelledError();
      if ('output' in result) {
        item.output = result.output;
        ctx.outbox.send({ type: 'response.mcp_call.completed', item_id: id, output_index: outputIndex });
      } else {
        item.error = result.error;
        ctx.outbox.send({ type: 'response.mcp_call.failed', item_id: id, output_index: outputIndex });
      }
      thenSay(plan.answer(result));
    } catch (error) {
      if (!(error instanceof CancelledError)) throw error;
    }
    completeItem(stored, outputIndex, previous);
    return { item: cloneJson(item), textChars: item.arguments.length, audioMs: 0, mediaMs };
  }

  /** Asks the client to approve an MCP call; the response ends there. */
  function streamApprovalRequest(plan: Extract<ReplyPlan, { kind: 'mcp_approval_request' }>, outputIndex: number, mediaMs: number) {
    const item: RealtimeMcpApprovalRequest = { id: newItemId(), type: 'mcp_approval_request', server_label: plan.serverLabel, name: plan.name, arguments: plan.arguments };
    const stored: StoredItem = { item };
    const previous = addItem(stored, outputIndex);
    completeItem(stored, outputIndex, previous);
    return { item: cloneJson(item), textChars: plan.arguments.length, audioMs: 0, mediaMs };
  }

  return {
    id: settings.id,
    finished,
    producedAudio: () => audioProduced,
    cancel(reason: CancelReason): void {
      if (cancelReason) return;
      cancelReason = reason;
      pacer.cancel();
    },
  };
}

/** Splits text into `count` pieces of near-equal length (fewer when it is short). */
export function splitIntoDeltas(text: string, count: number): string[] {
  const size = Math.max(1, Math.ceil(text.length / count));
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/** Output tokens for `chars` of text and `audioMs` of speech (the usage estimate). */
export function outputTokens(chars: number, audioMs: number): number {
  return Math.ceil(chars / CHARS_PER_TEXT_TOKEN) + Math.ceil(audioMs / AUDIO_MS_PER_OUTPUT_TOKEN);
}

export function usageFor(input: { text: number; audio: number }, outputChars: number, outputAudioMs: number): RealtimeResponseUsage {
  const outputText = Math.ceil(outputChars / CHARS_PER_TEXT_TOKEN);
  const outputAudio = Math.ceil(outputAudioMs / AUDIO_MS_PER_OUTPUT_TOKEN);
  const inputTotal = input.text + input.audio;
  const outputTotal = outputText + outputAudio;
  return {
    total_tokens: inputTotal + outputTotal,
    input_tokens: inputTotal,
    output_tokens: outputTotal,
    input_token_details: {
      text_tokens: input.text,
      audio_tokens: input.audio,
      image_tokens: 0,
      cached_tokens: 0,
      cached_tokens_details: { text_tokens: 0, audio_tokens: 0, image_tokens: 0 },
    },
    output_token_details: { text_tokens: outputText, audio_tokens: outputAudio },
  };
}
