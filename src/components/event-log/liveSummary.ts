// Row summaries for GPT-Live events. Live names are its own (`session.start`, `session.*.delta`
// with `start_ms`/`end_ms`, delegations, appends, `response.event` wrapping the backend's
// stream, decisions), so the type alone says an event is Live; the few names both protocols
// share (`error`, `session.update(d)`, `response.create`) read the same either way. Pure.
import { describeDecisionAnswer } from '../../lib/live/live-decisions';
import { audioBytesOf } from './eventPayload';

type Fields = Record<string, unknown>;

const asFields = (value: unknown): Fields => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Fields) : {});
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
const join = (parts: Array<string | false | undefined>): string => parts.filter(Boolean).join(' · ');

/** Session time as the summaries show it: 4.2 s. */
export const sessionSeconds = (ms: number | undefined): string => (ms === undefined ? '?' : `${(ms / 1000).toFixed(1)} s`);

/** The microphone's audio stream, client to server (no item: the clock just runs). */
export const LIVE_INPUT_AUDIO_APPEND = 'session.input_audio.append';
export const LIVE_TRANSCRIPT_LANES: Record<string, string> = { 'session.input_transcript.delta': 'user', 'session.output_transcript.delta': 'assistant' };

/** The streams whose events collapse into one row per run: audio both ways, transcripts. */
export function liveStreamOf(type: string): string | undefined {
  if (type === LIVE_INPUT_AUDIO_APPEND) return 'live.input';
  // One stream for the server's continuous output: its audio and both transcripts interleave, and
  // each type keeps its own row within the run.
  if (type === 'session.output_audio.delta' || type in LIVE_TRANSCRIPT_LANES) return 'live.output';
  return undefined;
}

export const isLiveStreamed = (type: string): boolean => liveStreamOf(type) !== undefined;

function describeSession(session: Fields): string {
  const audio = asFields(session.audio);
  const format = asFields(audio.format);
  return join([
    str(session.id),
    str(session.model),
    str(asFields(audio.output).voice) && `voice ${str(asFields(audio.output).voice)}`,
    str(format.type) && `${str(format.type)}${num(format.rate) ? ` ${num(format.rate)} Hz` : ''}`,
    describeDelegation(session),
    session.store === true && 'stored',
    Array.isArray(session.input) && session.input.length > 0 && `${session.input.length} history message${session.input.length === 1 ? '' : 's'}`,
    str(session.instructions) && `“${str(session.instructions)}”`,
  ]);
}

/**
 * What `session.update` may change (live.d.ts SessionUpdateConfig): the delegation (its backend's
 * model and tools, the acknowledgement delay) and the transcript triggers.
 */
function describeDelegation(session: Fields): string {
  const delegation = asFields(session.delegation);
  const backend = asFields(delegation[str(delegation.type) ?? '']);
  const tools = Array.isArray(backend.tools) ? backend.tools.map((tool) => str(asFields(tool).name) ?? str(asFields(tool).type) ?? '?') : [];
  const delay = num(delegation.acknowledgement_delay_ms);
  const triggers = Array.isArray(session.triggers) ? session.triggers.length : undefined;
  return join([
    str(delegation.type) && `delegation ${str(delegation.type)}${str(backend.model) ? ` → ${str(backend.model)}` : ''}`,
    tools.length > 0 && `tools ${tools.join(', ')}`,
    delay !== undefined && `ack after ${delay} ms`,
    triggers !== undefined && `${triggers} trigger${triggers === 1 ? '' : 's'}`,
  ]);
}

/** A Live session snapshot has no `type`; a Realtime one says `realtime` or `transcription`. */
const isLiveSession = (session: Fields): boolean => session.type === undefined && (session.status === 'active' || session.delegation !== undefined || session.expires_at !== undefined);

function describeNested(nested: Fields): string {
  const item = asFields(nested.item);
  const response = asFields(nested.response);
  const usage = asFields(response.usage);
  return join([
    str(nested.type),
    str(item.type) && [str(item.type), str(item.name), str(item.arguments)].filter(Boolean).join(' '),
    str(nested.text) && `“${str(nested.text)}”`,
    num(usage.input_tokens) !== undefined && `tokens in ${num(usage.input_tokens)}, out ${num(usage.output_tokens) ?? 0}`,
  ]);
}

/** A Live event's one-line summary, or undefined when the type is not Live's own. */
export function describeLiveEvent(type: string, e: Fields): string | undefined {
  switch (type) {
    case 'session.start':
      // A fork's start carries overrides only (forks.d.ts): an empty one inherits everything.
      return join([describeSession(asFields(e.session)), asFields(e.session).store === false && 'not stored']) || 'the stored session as it was (fork)';
    case 'session.started':
      return describeSession(asFields(e.session));
    // Realtime's name too: a Live snapshot (no session.type) gets Live's summary, with what an update changes.
    case 'session.updated':
    case 'session.update': {
      const session = asFields(e.session);
      if (!isLiveSession(session) && !(type === 'session.update' && session.type === undefined && (session.delegation !== undefined || session.triggers !== undefined))) return undefined;
      return describeSession(session) || 'no change';
    }
    case 'session.output_audio.delta':
      return `<base64 audio ${audioBytesOf(e)} bytes>`;
    case 'session.input_transcript.delta':
    case 'session.output_transcript.delta':
      return `${LIVE_TRANSCRIPT_LANES[type]} ${sessionSeconds(num(e.start_ms))}–${sessionSeconds(num(e.end_ms))} “${str(e.delta) ?? ''}”`;
    case 'session.delegation.created': {
      const d = asFields(e.delegation);
      return join([str(d.id), `to ${str(d.target) ?? '?'}`, `at ${sessionSeconds(num(e.offset_ms))}`, str(d.response_id)]);
    }
    case 'session.commentary.append':
    case 'session.thinking.append':
    case 'session.instructions.append':
      return `${type.split('.')[1]} for ${str(e.delegation_id) ?? 'the session'}: “${str(e.content) ?? ''}”`;
    case 'session.commentary.appended':
    case 'session.thinking.appended':
    case 'session.instructions.appended':
      return `${type.split('.')[1]} placed at ${sessionSeconds(num(e.start_ms))}–${sessionSeconds(num(e.end_ms))}${str(e.client_event_id) ? ` (${str(e.client_event_id)})` : ''}`;
    case 'response.event':
      return join([str(e.delegation_id), describeNested(asFields(e.event))]);
    case 'response.item.create': {
      const item = asFields(e.item);
      return join([str(item.type), str(item.call_id), str(item.output) && `→ ${str(item.output)}`]);
    }
    case 'session.usage.updated': {
      const ratio = num(asFields(e.context_window).usage_ratio);
      return join([`${sessionSeconds((num(asFields(e.usage).seconds) ?? 0) * 1000)} of session`, ratio !== undefined && `context ${(ratio * 100).toFixed(1)}%`]);
    }
    case 'session.closed':
      return join([str(e.reason), `${sessionSeconds((num(asFields(e.usage).seconds) ?? 0) * 1000)} of session`]);
    case 'session.close':
    case 'session.input_audio.mute':
    case 'session.input_audio.unmute':
    case 'session.input_audio.muted':
    case 'session.input_audio.unmuted':
    case 'decision.create':
      return str(e.event_id) ?? '';
    case 'decision.event': {
      const decision = asFields(asFields(e.event).decision);
      const answers = Array.isArray(decision.answers) ? decision.answers.map(describeDecisionAnswer) : [];
      const why = str(e.delegation_id) ? `for ${str(e.delegation_id)}` : str(e.trigger_id) ? `trigger ${str(e.trigger_id)}` : 'requested';
      return join([why, str(decision.model), ...answers]);
    }
    case 'decision.item.create':
    case 'decision.item.created': {
      const item = asFields(e.item);
      const content = item.content;
      const text = typeof content === 'string' ? content : Array.isArray(content) ? content.map((part) => str(asFields(part).text) ?? '').join(' ') : '';
      return join([str(item.id), str(item.role) ?? str(item.type), text && `“${text}”`]);
    }
    case 'decision.item.delete':
    case 'decision.item.deleted':
      return str(e.item_id) ?? '';
    case 'info':
      return join([str(e.code), str(e.message)]);
    default:
      return undefined;
  }
}
