// Session fields the relay holds (instructions, tools, voice, model, tool_choice): the browser
// can neither read the held instructions nor change any held field.
//
// The threat is a hostile browser. It may send anything that would change a held field by
// another road: a `system`/`developer` item, a `response.input` carrying one, a stored
// `prompt` (it brings its own instructions), a transcription session, an MCP server whose tools
// the relay never sees, or a frame that two JSON parsers read differently (duplicate keys). So
// while fields are held, every frame the relay looks into is parsed once, checked, rewritten
// and forwarded as its own serialisation: the upstream reads exactly what was checked, never
// the original bytes. Only the three event types that can carry such content are parsed; the
// rest (audio appends above all) still pass as the bytes received.
import { holdsSessionFields, type HeldTool, type PolicyConfig } from './config';
import { duplicateName, memberName, nestingDepth, scanTopLevel, type MemberSpan } from './event-type';
import { RELAY_ERROR_CODES, type RelayErrorCode } from './error-event';
import { formatBytes } from './logging';
import { isRecord } from '../src/lib/shared/json';
import { errorMessage } from '../src/lib/shared/error-message';

type JsonObject = Record<string, unknown>;

export type Refusal = { ok: false; code: RelayErrorCode; message: string; param: string | null };
export type Inspection = { ok: true; data: string } | Refusal;
export type Parsed = { ok: true; event: JsonObject } | Refusal;

export interface InspectionLimits {
  maxJsonDepth: number;
  maxInspectedBytes: number;
}

export interface HeldSession {
  /** Whether client events of this type are parsed and checked. */
  inspectsClient(type: string): boolean;
  checkClient(type: string, frame: Buffer): Inspection;
  /** Whether server events of this type are parsed (to hide held instructions). */
  inspectsServer(type: string): boolean;
  checkServer(type: string, frame: Buffer): Inspection;
  /** The `session` of the `session.update` sent when a session opens; null when nothing is held. */
  openingSession(): JsonObject | null;
}

const CLIENT_TYPES = new Set(['session.update', 'response.create', 'conversation.item.create']);
const SERVER_TYPES = new Set(['session.created', 'session.updated']);
/** Objects whose keys are checked for duplicates besides the top level. */
const CHECKED_MEMBERS = new Set(['session', 'response', 'item']);
/** Roles whose messages act as instructions. */
const INSTRUCTING_ROLES = new Set(['system', 'developer']);

export function refuse(code: RelayErrorCode, message: string, param: string | null = null): Refusal {
  return { ok: false, code, message, param };
}

/**
 * Depth, size and duplicate keys, then the parse: what every inspected frame goes through (the
 * Realtime held session here, the Live policy in live-policy.ts).
 */
export function parseInspected(type: string, frame: Buffer, limits: InspectionLimits): Parsed {
  if (frame.length > limits.maxInspectedBytes) {
    return refuse(RELAY_ERROR_CODES.tooLarge, `relay: a "${type}" event over ${formatBytes(limits.maxInspectedBytes)} cannot be checked against the relay's policy; it was not forwarded`);
  }
  if (nestingDepth(frame, limits.maxJsonDepth) > limits.maxJsonDepth) {
    return refuse(RELAY_ERROR_CODES.tooDeep, `relay: "${type}" event nests deeper than ${limits.maxJsonDepth} levels; it was not forwarded`);
  }
  const top = scanTopLevel(frame);
  if (!top.ok) return refuse(RELAY_ERROR_CODES.malformed, `relay: "${type}" event is not valid JSON (${top.reason})`);
  const duplicate = duplicateName(frame, top.members) ?? nestedDuplicate(frame, top.members);
  if (duplicate) return refuse(RELAY_ERROR_CODES.duplicateKey, `relay: "${type}" event has the key "${duplicate}" twice; parsers disagree on which one counts, so it was not forwarded`, duplicate);
  try {
    const value: unknown = JSON.parse(frame.toString('utf8'));
    if (isRecord(value)) return { ok: true, event: value };
  } catch {
    // reported below
  }
  return refuse(RELAY_ERROR_CODES.malformed, `relay: "${type}" event is not valid JSON`);
}

function nestedDuplicate(frame: Buffer, members: readonly MemberSpan[]): string | null {
  for (const member of members) {
    const name = memberName(frame, member);
    if (name === null || !CHECKED_MEMBERS.has(name)) continue;
    const inner = scanTopLevel(frame.subarray(member.valueStart, member.valueEnd));
    if (!inner.ok) continue; // not an object: the upstream refuses it
    const duplicate = duplicateName(frame.subarray(member.valueStart, member.valueEnd), inner.members);
    if (duplicate) return `${name}.${duplicate}`;
  }
  return null;
}

export function createHeldSession(policy: PolicyConfig, limits: InspectionLimits): HeldSession {
  const holding = holdsSessionFields(policy);
  const { instructions, tools, voice, model, toolChoice } = policy;
  const allowedToolTypes = policy.allowedToolTypes ?? (holding ? ['function'] : null);
  const inspecting = holding || allowedToolTypes !== null;

  function checkTools(list: unknown, param: string): Refusal | null {
    if (allowedToolTypes === null || !Array.isArray(list)) return null;
    for (const tool of list) {
      const toolType = isRecord(tool) ? tool.type : undefined;
      if (typeof toolType !== 'string' || !allowedToolTypes.includes(toolType)) {
        return refuse(RELAY_ERROR_CODES.toolTypeNotAllowed, `relay: tools of type "${String(toolType)}" are not allowed by the relay's policy (allowed: ${allowedToolTypes.join(', ') || 'none'})`, param);
      }
    }
    return null;
  }

  function checkPrompt(container: JsonObject, param: string): Refusal | null {
    if (!holding || container.prompt === undefined || container.prompt === null) return null;
    return refuse(RELAY_ERROR_CODES.heldField, 'relay: a stored prompt brings its own instructions, and the relay holds the session\'s; "prompt" was not forwarded', param);
  }

  function instructingItem(item: unknown): boolean {
    return isRecord(item) && typeof item.role === 'string' && INSTRUCTING_ROLES.has(item.role);
  }

  /** Puts the held voice into an `audio` object, keeping the rest of it. */
  function withVoice(audio: unknown): JsonObject {
    const base = isRecord(audio) ? audio : {};
    const output = isRecord(base.output) ? base.output : {};
    return { ...base, output: { ...output, voice } };
  }

  function forceSession(session: JsonObject): void {
    if (instructions !== null) session.instructions = instructions;
    if (tools !== null) session.tools = tools as HeldTool[];
    if (toolChoice !== null) session.tool_choice = toolChoice;
    if (model !== null) session.model = model;
    if (voice !== null) session.audio = withVoice(session.audio);
  }

  function checkSessionUpdate(event: JsonObject): Refusal | null {
    const session = event.session;
    if (!isRecord(session)) return holding ? refuse(RELAY_ERROR_CODES.malformed, 'relay: "session.update" needs a "session" object', 'session') : null;
    if (holding && session.type !== 'realtime') {
      return refuse(RELAY_ERROR_CODES.heldField, `relay: the relay holds this session's settings, so "session.type" must be "realtime" (got ${JSON.stringify(session.type) ?? 'none'})`, 'session.type');
    }
    const refused = checkPrompt(session, 'session.prompt') ?? checkTools(session.tools, 'session.tools');
    if (refused) return refused;
    if (holding) forceSession(session);
    return null;
  }

  function checkResponseCreate(event: JsonObject): Refusal | null {
    const response = event.response;
    if (response === undefined) return null;
    if (!isRecord(response)) return holding ? refuse(RELAY_ERROR_CODES.malformed, 'relay: "response" must be an object', 'response') : null;
    const refused = checkPrompt(response, 'response.prompt') ?? checkTools(response.tools, 'response.tools');
    if (refused) return refused;
    if (holding && Array.isArray(response.input) && response.input.some(instructingItem)) {
      return refuse(RELAY_ERROR_CODES.heldField, 'relay: the relay holds the instructions; "response.input" may not carry a system or developer message', 'response.input');
    }
    if (!holding) return null;
    if (instructions !== null) response.instructions = instructions;
    if (tools !== null) response.tools = tools;
    if (toolChoice !== null) response.tool_choice = toolChoice;
    if (voice !== null) response.audio = withVoice(response.audio);
    return null;
  }

  function checkItemCreate(event: JsonObject): Refusal | null {
    if (holding && instructingItem(event.item)) {
      return refuse(RELAY_ERROR_CODES.heldField, 'relay: the relay holds the instructions; a system or developer message may not be added to the conversation', 'item.role');
    }
    return null;
  }

  function serialise(type: string, event: JsonObject): Inspection {
    try {
      return { ok: true, data: JSON.stringify(event) };
    } catch (error) {
      return refuse(RELAY_ERROR_CODES.malformed, `relay: "${type}" event could not be re-serialised (${errorMessage(error)})`);
    }
  }

  return {
    inspectsClient: (type) => inspecting && CLIENT_TYPES.has(type) && (holding || type !== 'conversation.item.create'),

    checkClient(type, frame) {
      const parsed = parseInspected(type, frame, limits);
      if (!parsed.ok) return parsed;
      const { event } = parsed;
      const refused =
        type === 'session.update' ? checkSessionUpdate(event)
          : type === 'response.create' ? checkResponseCreate(event)
            : checkItemCreate(event);
      return refused ?? serialise(type, event);
    },

    inspectsServer: (type) => instructions !== null && SERVER_TYPES.has(type),

    checkServer(type, frame) {
      const parsed = parseInspected(type, frame, limits);
      if (!parsed.ok) return parsed;
      const { event } = parsed;
      if (isRecord(event.session) && 'instructions' in event.session) {
        const { instructions: _hidden, ...session } = event.session;
        event.session = session;
      }
      return serialise(type, event);
    },

    openingSession() {
      if (!holding) return null;
      const session: JsonObject = { type: 'realtime' };
      forceSession(session);
      return session;
    },
  };
}
