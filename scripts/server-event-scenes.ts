// Scenes of server events for measuring what the console renders (scripts/rendered-server-events.ts):
// what the local simulator sends to the reference client in a few sessions that do what a user
// of the console does (typed turns with both console tools, a spoken turn cut short, server VAD
// and its idle timeout, MCP, failures), recorded frame by frame. The six GA server event types
// the simulator never sends (conversation.created, conversation.item.created, DTMF and the
// WebRTC-only output_audio_buffer.*) are built from the schema's shapes and put where a server
// would send them, marked `built`. Audio deltas are capped per item to keep the file small.
import { officialProtocol } from '../testing/official-protocol';
import { startSimulator } from '../simulator/server';
import { GET_WEATHER_TOOL, SET_MEMORY_TOOL } from '../src/tools';
import { SERVER_EVENT_TYPES, validateServerEvent } from '../src/lib/protocol/validate';
import { RealtimeClient, type RealtimeClientEvents, type RealtimeClientBaseOptions } from '../src/lib/realtime/client';
import type { ItemState } from '../src/lib/realtime/item-state';
import { appendInChunks, samplesOf, toneBurst } from '../testing/test-audio';

export const SCENES_FILE = 'src/pages/rendered-events/serverEventScenes.json';
const WAIT_MS = 15_000;
/** Audio deltas kept per item (the rest of a reply adds length, not a new kind of event). */
const MAX_AUDIO_DELTAS_PER_ITEM = 2;

export interface SceneEvent {
  event: { type: string; [field: string]: unknown };
  /** Not from the simulator: built from the schema's shape (a type the simulator does not send). */
  built?: true;
}

export interface Scene {
  name: string;
  events: SceneEvent[];
}

export interface SceneFile {
  about: string;
  /** The GA server event types (the project schema) when recorded. */
  types: string[];
  scenes: Scene[];
}

type ServerEvent = SceneEvent['event'];

interface Recording {
  client: RealtimeClient;
  events: SceneEvent[];
  next<K extends keyof RealtimeClientEvents>(type: K, predicate?: (payload: RealtimeClientEvents[K]) => boolean): Promise<RealtimeClientEvents[K]>;
  nextServer(type: string, predicate?: (event: ServerEvent) => boolean): Promise<ServerEvent>;
  /** After `count` more `response.done`, and the `rate_limits.updated` that follows the last. */
  responsesDone(count: number): Promise<void>;
  /** Puts a built event right after the first recorded one that `after` matches (or at the end). */
  insertAfter(after: ((event: ServerEvent) => boolean) | null, event: ServerEvent): void;
  finish(): Promise<Scene>;
}

let builtIds = 0;
const builtEventId = (): string => `event_built_${++builtIds}`;

async function record(name: string, options: RealtimeClientBaseOptions, query = ''): Promise<Recording> {
  const sim = await startSimulator({ port: 0, speed: 20, log: () => undefined });
  const client = new RealtimeClient({ url: sim.url + query, apiKey: 'sk-sim', ...options });
  const events: SceneEvent[] = [];
  client.on('realtime.event', (e) => {
    if (e.source === 'server') events.push({ event: e.event as ServerEvent });
  });
  const next = <K extends keyof RealtimeClientEvents>(type: K, predicate: (payload: RealtimeClientEvents[K]) => boolean = () => true) =>
    new Promise<RealtimeClientEvents[K]>((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`${name}: timed out waiting for ${String(type)}`));
      }, WAIT_MS);
      const off = client.on(type, (payload) => {
        if (!predicate(payload)) return;
        clearTimeout(timer);
        off();
        resolve(payload);
      });
    });
  const updated = client.transport.waitForNext('server.session.updated', WAIT_MS);
  await client.connect();
  await updated;
  const inserts: Array<{ after: ((event: ServerEvent) => boolean) | null; event: ServerEvent }> = [];
  return {
    client,
    events,
    next,
    nextServer: (type, predicate = () => true) =>
      next('realtime.event', (e) => e.source === 'server' && e.event.type === type && predicate(e.event as ServerEvent)).then((e) => e.event as ServerEvent),
    insertAfter: (after, event) => inserts.push({ after, event }),
    responsesDone: (count) =>
      new Promise<void>((resolve, reject) => {
        let left = count;
        const timer = setTimeout(() => {
          off();
          reject(new Error(`${name}: timed out waiting for ${count} responses`));
        }, WAIT_MS);
        const off = client.on('realtime.event', ({ source, event }) => {
          if (source !== 'server') return;
          if (event.type === 'response.done') left -= 1;
          if (left > 0 || event.type !== 'rate_limits.updated') return;
          clearTimeout(timer);
          off();
          resolve();
        });
      }),
    async finish() {
      client.disconnect();
      await sim.close();
      const out = capAudio(events);
      for (const { after, event } of inserts) {
        const at = after ? out.findIndex((e) => after(e.event)) : -1;
        out.splice(at < 0 ? out.length : at + 1, 0, { event, built: true });
      }
      return { name, events: out };
    },
  };
}

function capAudio(events: SceneEvent[]): SceneEvent[] {
  const perItem = new Map<string, number>();
  return events.filter(({ event }) => {
    if (event.type !== 'response.output_audio.delta') return true;
    const item = String(event.item_id);
    const count = (perItem.get(item) ?? 0) + 1;
    perItem.set(item, count);
    return count <= MAX_AUDIO_DELTAS_PER_ITEM;
  });
}

const isAssistant = (item: ItemState): boolean => item.type === 'message' && item.role === 'assistant';
/** The console's tools, answered with fixed values (the console's own handlers run on replay). */
function addConsoleTools(client: RealtimeClient): void {
  client.addTool(GET_WEATHER_TOOL, (args) => ({
    lat: args.lat,
    lng: args.lng,
    location: args.location,
    temperature: { value: 17.5, units: '°C' },
    wind_speed: { value: 12, units: 'km/h' },
  }));
  client.addTool(SET_MEMORY_TOOL, (args) => ({ ok: true, key: String(args.key) }));
}

const ofType = (type: string, extra: (event: ServerEvent) => boolean = () => true) => (event: ServerEvent) => event.type === type && extra(event);

/** Typed turns: both console tools, spoken answers, a refused voice change, an out-of-band response. */
async function typedTurns(): Promise<Scene> {
  const r = await record('typed turns with tools, spoken answers', {});
  addConsoleTools(r.client);
  // Each: the call's response, then the answer after the tool's output.
  const weather = r.responsesDone(2);
  r.client.sendUserMessageContent([{ type: 'input_text', text: 'What is the weather in Paris?' }]);
  await weather;
  const remembered = r.responsesDone(2);
  r.client.sendUserMessageContent([{ type: 'input_text', text: 'Remember that my name is Ada.' }]);
  await remembered;
  const refused = r.nextServer('error');
  r.client.updateSession({ audio: { output: { voice: 'cedar' } } });
  await refused;
  const outOfBand = r.responsesDone(1);
  r.client.createResponse({ conversation: 'none', output_modalities: ['text'], metadata: { purpose: 'summary' }, instructions: 'Summarise the conversation.' });
  await outOfBand;
  const session = r.events.find((e) => e.event.type === 'session.created')?.event;
  const conversationId = String((session?.session as { id?: string } | undefined)?.id ?? 'sess').replace(/^sess_/, 'conv_');
  r.insertAfter(ofType('session.created'), { type: 'conversation.created', event_id: builtEventId(), conversation: { id: conversationId, object: 'realtime.conversation' } });
  // WebRTC: the server's output buffer starts playing with the first audio and stops after it.
  const responses = r.events.filter((e) => e.event.type === 'response.created').map((e) => String((e.event.response as { id: string }).id));
  for (const id of responses) {
    const audioOf = (event: ServerEvent) => event.type === 'response.output_audio.delta' && event.response_id === id;
    if (!r.events.some((e) => audioOf(e.event))) continue;
    r.insertAfter(audioOf, { type: 'output_audio_buffer.started', event_id: builtEventId(), response_id: id });
    r.insertAfter(ofType('response.done', (e) => (e.response as { id: string }).id === id), { type: 'output_audio_buffer.stopped', event_id: builtEventId(), response_id: id });
  }
  return r.finish();
}

/** A spoken turn (diarized transcript), a tap too short to commit, the answer cut where it was heard, retrieve, delete; DTMF and a server-created item. */
async function spokenTurn(): Promise<Scene> {
  const r = await record('a spoken turn, interrupted', { session: { audio: { input: { transcription: { model: 'gpt-4o-transcribe-diarize' } } } } }, '?sim_speed=4');
  const cleared = r.nextServer('input_audio_buffer.cleared');
  appendInChunks(r.client, toneBurst(0, 50, 0));
  r.client.createResponse();
  await cleared;
  let replyId = '';
  const heard = r.next('conversation.updated', ({ item, delta }) => {
    if (!isAssistant(item) || !delta?.audio || item.formatted.audioSampleCount < samplesOf(600)) return false;
    replyId = item.id;
    r.client.cancelResponse(item.id, samplesOf(400));
    return true;
  });
  const cancelled = r.responsesDone(1);
  const committed = r.nextServer('input_audio_buffer.committed');
  appendInChunks(r.client, toneBurst(0, 300, 0));
  r.client.createResponse();
  const userId = String((await committed).item_id);
  await heard;
  await cancelled;
  const user = r.client.conversation.getItem(userId);
  if (!user?.transcription?.usage) await r.next('conversation.updated', ({ item }) => item.id === userId && Boolean(item.transcription?.usage));
  const retrieved = r.nextServer('conversation.item.retrieved');
  r.client.send({ type: 'conversation.item.retrieve', item_id: userId });
  await retrieved;
  const deleted = r.next('conversation.item.deleted');
  r.client.deleteItem(replyId);
  await deleted;
  const responseId = String(r.events.filter((e) => e.event.type === 'response.created').map((e) => (e.event.response as { id: string }).id).pop());
  // WebRTC: the client's output_audio_buffer.clear on the interruption is answered with cleared.
  r.insertAfter(ofType('conversation.item.truncated'), { type: 'output_audio_buffer.cleared', event_id: builtEventId(), response_id: responseId });
  // SIP: a keypad key.
  r.insertAfter(null, { type: 'input_audio_buffer.dtmf_event_received', event: '5', received_at: Math.floor(Date.now() / 1000) });
  // An item the server reports with the older `conversation.item.created` (still in the GA spec).
  r.insertAfter(null, {
    type: 'conversation.item.created',
    event_id: builtEventId(),
    previous_item_id: userId,
    item: { id: 'item_built_created', object: 'realtime.item', type: 'message', status: 'completed', role: 'user', content: [{ type: 'input_text', text: 'Typed on another device.' }] },
  });
  return r.finish();
}

/**
 * Server VAD finds a turn; the user talks over the spoken answer (the server cancels it, the
 * client truncates it where it was heard, as the console does); then the idle timeout commits
 * the silence that followed.
 */
async function vadAndIdle(): Promise<Scene> {
  const r = await record('server VAD, barge-in, idle timeout', {
    session: { audio: { input: { turn_detection: { type: 'server_vad', silence_duration_ms: 300, idle_timeout_ms: 5000 } } } },
  });
  // As the console does on `conversation.interrupted`: stop playback, truncate at what was heard.
  r.client.on('conversation.interrupted', () => {
    const playing = r.client.conversation.getItems().filter((i) => isAssistant(i) && i.formatted.audioSampleCount > 0).pop();
    if (playing && playing.status === 'in_progress') r.client.cancelResponse(playing.id, Math.min(playing.formatted.audioSampleCount, samplesOf(200)));
  });
  let talkedOver = false;
  r.client.on('conversation.updated', ({ item, delta }) => {
    if (talkedOver || !isAssistant(item) || !delta?.audio || item.formatted.audioSampleCount < samplesOf(300)) return;
    talkedOver = true;
    appendInChunks(r.client, toneBurst(0, 800, 600));
  });
  // The first answer (cut short), then the answer to the words said over it.
  const answered = r.responsesDone(2);
  appendInChunks(r.client, toneBurst(400, 800, 600));
  await answered;
  const idle = r.responsesDone(1);
  appendInChunks(r.client, new Int16Array(samplesOf(7000)), 100);
  await idle;
  return r.finish();
}

/** MCP: tools listed (and a server that fails to list), an approval request answered, a call, a failed call. Text replies. */
async function mcp(): Promise<Scene> {
  const r = await record('MCP', { session: { output_modalities: ['text'] } });
  const listed = r.nextServer('mcp_list_tools.completed');
  const failed = r.nextServer('mcp_list_tools.failed');
  r.client.updateSession({
    tools: [
      { type: 'mcp', server_label: 'calc', server_url: 'sim://tools', require_approval: 'always', allowed_tools: ['add_numbers'] },
      { type: 'mcp', server_label: 'divider', server_url: 'sim://tools', require_approval: 'never', allowed_tools: ['divide_numbers'] },
      { type: 'mcp', server_label: 'offline', server_url: 'https://mcp.example.invalid/sse', require_approval: 'never' },
    ],
  });
  await Promise.all([listed, failed]);
  const asked = r.next('conversation.item.completed', ({ item }) => item.type === 'mcp_approval_request');
  const askingDone = r.responsesDone(1);
  r.client.sendUserMessageContent([{ type: 'input_text', text: 'add 4 and 5' }]);
  const request = (await asked).item;
  await askingDone;
  const calledDone = r.responsesDone(1);
  r.client.respondToMcpApproval(request.id, true);
  await calledDone;
  const failedDone = r.responsesDone(1);
  r.client.sendUserMessageContent([{ type: 'input_text', text: 'divide 1 by 0' }]);
  await failedDone;
  return r.finish();
}

/** A transcription that fails and a response that fails. */
async function failures(): Promise<Scene> {
  const r = await record('failures', { session: { output_modalities: ['text'] } }, '?fault_transcription_failed=1&fault_response_failed=1');
  const transcription = r.nextServer('conversation.item.input_audio_transcription.failed');
  const done = r.responsesDone(1);
  appendInChunks(r.client, toneBurst(0, 500, 0));
  r.client.createResponse();
  await Promise.all([transcription, done]);
  return r.finish();
}

export async function recordScenes(): Promise<SceneFile> {
  builtIds = 0;
  const scenes = [await typedTurns(), await spokenTurn(), await vadAndIdle(), await mcp(), await failures()];
  return {
    about: 'Server events for scripts/rendered-server-events.ts, recorded from the local simulator by `npx tsx scripts/rendered-server-events.ts --record`; events marked built are types the simulator does not send.',
    types: Array.from(SERVER_EVENT_TYPES.keys()).sort(),
    scenes,
  };
}

/** Problems with a scene file: types no scene has, events either schema refuses. */
export function checkScenes(file: SceneFile): string[] {
  const problems: string[] = [];
  const seen = new Set(file.scenes.flatMap((s) => s.events.map((e) => e.event.type)));
  for (const type of SERVER_EVENT_TYPES.keys()) if (!seen.has(type)) problems.push(`no scene has ${type}`);
  const official = officialProtocol();
  for (const scene of file.scenes) {
    for (const { event } of scene.events) {
      const ours = validateServerEvent(event, { strict: true });
      if (!ours.valid) problems.push(`${scene.name}: ${ours.type}: ${ours.errors.join('; ')}`);
      const theirs = official?.validate('server', event);
      if (theirs && !theirs.valid) problems.push(`${scene.name}: official ${theirs.type}: ${theirs.errors.join('; ')}`);
    }
  }
  return problems;
}
