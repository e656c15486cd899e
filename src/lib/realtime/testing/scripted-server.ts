// The server side of a `ScriptedTransport`: a greeting and a script that answers the client's
// events the way the GA API does in shape and order, for the common cases (session updates,
// items, input commit and clear, truncate, delete, and a response that says a fixed text).
// No audio, no VAD, no tools: a test that needs those gives the events itself (`receive`).
import type { ConversationItem } from 'openai/resources/realtime/realtime';
import type { ClientEvent, ServerEvent, ServerSession } from '../../protocol/protocol-types';
import { DEFAULT_MODEL } from '../../protocol/session-defaults';
import { cloneJson, isRecord } from '../../shared/json';
import type { ServerScript } from './scripted-transport';

export interface ScriptedServerOptions {
  /** The text every response says (default "OK"). */
  answer?: string;
  /** The session the server starts with (merged over a GA default: manual turns, PCM 24 kHz, audio out). */
  session?: Partial<ServerSession>;
}

export interface ScriptedServer {
  greeting: ServerEvent[];
  script: ServerScript;
}

/** Objects merge key by key; anything else (arrays, null) replaces, as `session.update` does. */
function merge(base: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    const current = out[key];
    out[key] = isRecord(value) && isRecord(current) ? merge(current, value) : value;
  }
  return out;
}

/** A server for a `ScriptedTransport`: `new ScriptedTransport(scriptedServer())`. */
export function scriptedServer(options: ScriptedServerOptions = {}): ScriptedServer {
  let next = 0;
  const id = (prefix: string): string => `${prefix}_scripted_${(next += 1)}`;
  const eventId = (): string => id('event');
  const answer = options.answer ?? 'OK';
  let session = merge(
    {
      type: 'realtime',
      object: 'realtime.session',
      id: 'sess_scripted',
      model: DEFAULT_MODEL,
      output_modalities: ['audio'],
      audio: { input: { format: { type: 'audio/pcm', rate: 24000 }, turn_detection: null }, output: { format: { type: 'audio/pcm', rate: 24000 }, voice: 'marin' } },
    },
    (options.session ?? {}) as Record<string, unknown>,
  ) as unknown as ServerSession;
  let lastItemId: string | null = null;

  const added = (item: ConversationItem): ServerEvent[] => {
    const previous = lastItemId;
    lastItemId = item.id ?? null;
    return [
      { type: 'conversation.item.added', event_id: eventId(), previous_item_id: previous, item },
      { type: 'conversation.item.done', event_id: eventId(), previous_item_id: previous, item },
    ];
  };

  const respond = (): ServerEvent[] => {
    const responseId = id('resp');
    const itemId = id('item');
    const base = { object: 'realtime.response' as const, id: responseId, output_modalities: ['text' as const] };
    const item = (status: 'in_progress' | 'completed', text: string): ConversationItem => ({
      id: itemId,
      object: 'realtime.item',
      type: 'message',
      role: 'assistant',
      status,
      content: text ? [{ type: 'output_text', text }] : [],
    });
    const done = item('completed', answer);
    const previous = lastItemId;
    lastItemId = itemId;
    const part = { response_id: responseId, item_id: itemId, output_index: 0, content_index: 0 };
    return [
      { type: 'response.created', event_id: eventId(), response: { ...base, status: 'in_progress', output: [] } },
      { type: 'response.output_item.added', event_id: eventId(), response_id: responseId, output_index: 0, item: item('in_progress', '') },
      { type: 'conversation.item.added', event_id: eventId(), previous_item_id: previous, item: item('in_progress', '') },
      { type: 'response.content_part.added', event_id: eventId(), ...part, part: { type: 'text', text: '' } },
      { type: 'response.output_text.delta', event_id: eventId(), ...part, delta: answer },
      { type: 'response.output_text.done', event_id: eventId(), ...part, text: answer },
      { type: 'response.content_part.done', event_id: eventId(), ...part, part: { type: 'text', text: answer } },
      { type: 'response.output_item.done', event_id: eventId(), response_id: responseId, output_index: 0, item: done },
      { type: 'conversation.item.done', event_id: eventId(), previous_item_id: previous, item: done },
      { type: 'response.done', event_id: eventId(), response: { ...base, status: 'completed', output: [done] } },
    ];
  };

  const script: ServerScript = (event: ClientEvent) => {
    switch (event.type) {
      case 'session.update':
        session = merge(session as unknown as Record<string, unknown>, cloneJson(event.session) as unknown as Record<string, unknown>) as unknown as ServerSession;
        return [{ type: 'session.updated', event_id: eventId(), session: cloneJson(session) }];
      case 'conversation.item.create':
        return added({ ...cloneJson(event.item), id: event.item.id ?? id('item') } as ConversationItem);
      case 'input_audio_buffer.commit': {
        const itemId = id('item');
        const previous = lastItemId;
        const item: ConversationItem = { id: itemId, object: 'realtime.item', type: 'message', role: 'user', status: 'completed', content: [{ type: 'input_audio' }] };
        return [{ type: 'input_audio_buffer.committed', event_id: eventId(), previous_item_id: previous, item_id: itemId }, ...added(item)];
      }
      case 'input_audio_buffer.clear':
        return [{ type: 'input_audio_buffer.cleared', event_id: eventId() }];
      case 'conversation.item.truncate':
        return [{ type: 'conversation.item.truncated', event_id: eventId(), item_id: event.item_id, content_index: event.content_index, audio_end_ms: event.audio_end_ms }];
      case 'conversation.item.delete':
        return [{ type: 'conversation.item.deleted', event_id: eventId(), item_id: event.item_id }];
      case 'response.create':
        return respond();
      default:
        return undefined;
    }
  };

  return { greeting: [{ type: 'session.created', event_id: eventId(), session: cloneJson(session) }], script };
}
