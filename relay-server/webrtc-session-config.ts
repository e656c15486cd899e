// The session a WebRTC call starts with, from what the browser asked for and the relay's policy.
// `POST /token` and `POST /session` take an optional session object; it passes the same checks a
// `session.update` on the WebSocket path does (event lists, held fields forced, prompts and
// unlisted tool types refused, size, depth and duplicate keys), by running it through the policy
// as one. The model is chosen like `?model=`: the default, or one on the allow-list.
import { chooseModel } from './access';
import type { RelayConfig } from './config';
import { nestingDepth } from './event-type';
import type { Policy } from './policy';
import { isRecord } from '../src/lib/shared/json';

type JsonObject = Record<string, unknown>;

export type SessionChoice =
  | { ok: true; session: JsonObject; model: string }
  | { ok: false; status: 400 | 403; code: string; message: string };

/** Parses a JSON request body (depth-checked first: a deep one is refused, not recursed into). */
export function parseJsonBody(body: Buffer, maxDepth: number): { ok: true; value: unknown } | { ok: false; message: string } {
  if (body.length === 0) return { ok: true, value: undefined };
  if (nestingDepth(body, maxDepth) > maxDepth) return { ok: false, message: `the body nests deeper than ${maxDepth} levels` };
  try {
    return { ok: true, value: JSON.parse(body.toString('utf8')) };
  } catch {
    return { ok: false, message: 'the body is not valid JSON' };
  }
}

/**
 * The session to send upstream. `requested` is the browser's `session` (absent: the policy's
 * held fields alone); `target` is the request URL, whose `?model=` counts like the session's.
 */
export function upstreamSession(requested: unknown, target: URL, config: RelayConfig, policy: Policy): SessionChoice {
  if (requested !== undefined && requested !== null && !isRecord(requested)) {
    return { ok: false, status: 400, code: 'relay_malformed_event', message: '"session" must be an object' };
  }
  if (isRecord(requested) && requested.type !== undefined && requested.type !== 'realtime') {
    return { ok: false, status: 400, code: 'relay_malformed_event', message: `a WebRTC call needs a realtime session ("session.type": "realtime"), got ${JSON.stringify(requested.type)}` };
  }
  const askedModel = isRecord(requested) && typeof requested.model === 'string' ? requested.model : null;
  const modelTarget = new URL(target.href);
  if (askedModel !== null) modelTarget.searchParams.set('model', askedModel);
  const model = chooseModel(modelTarget, config);
  if (!model.ok) return { ok: false, status: 403, code: 'relay_model_not_allowed', message: model.message.replace(/^relay: /, '') };

  if (!isRecord(requested) || Object.keys(requested).length === 0) {
    // Nothing asked: the held fields alone, which no event list can refuse (the relay sends them itself).
    const opening = policy.openingFrames()[0];
    const held = opening === undefined ? {} : (JSON.parse(opening) as { session: JsonObject }).session;
    return { ok: true, session: { ...held, type: 'realtime', model: model.model }, model: model.model };
  }
  const frame = Buffer.from(JSON.stringify({ type: 'session.update', session: { ...requested, type: 'realtime', model: model.model } }));
  const decision = policy.checkClient(frame);
  if (decision.action === 'deny') {
    return { ok: false, status: 403, code: decision.code, message: decision.message.replace(/^relay: /, '') };
  }
  const data = typeof decision.data === 'string' ? decision.data : decision.data.toString('utf8');
  const session = (JSON.parse(data) as { session: JsonObject }).session;
  return { ok: true, session, model: typeof session.model === 'string' ? session.model : model.model };
}

/** The session as the browser may see it: held instructions removed, as from `session.created`. */
export function visibleSession(session: unknown, config: RelayConfig): unknown {
  if (!isRecord(session) || config.policy.instructions === null || !('instructions' in session)) return session;
  const { instructions: _hidden, ...rest } = session;
  return rest;
}
