// What POST /v1/realtime/calls carries, read and checked before a peer connection sees it: an
// SDP offer, either as the whole body (`application/sdp`, the browser's way with an ephemeral
// key) or as the `sdp` field of `multipart/form-data` with an optional JSON `session` field (a
// server's way with a standard key: `CallCreateParams`, openai/resources/realtime/calls.d.ts).
import type { IncomingMessage } from 'node:http';
import type { RealtimeSessionCreateRequest } from 'openai/resources/realtime/realtime';
import { jsonDepthExceeds } from '../request-safety';
import { mediaType, type HttpError } from './http-io';
import { checkSessionRequest } from './session-request';

/** Largest SDP offer accepted (a browser's is 2–6 KiB). */
export const MAX_SDP_BYTES = 64 * 1024;
/** Largest multipart body (the SDP plus a session with tools). */
export const MAX_CALL_BODY_BYTES = 1024 * 1024;

export interface CallRequest {
  sdp: string;
  /** The multipart `session`, when one was sent. */
  session: RealtimeSessionCreateRequest | null;
}

export type CallRequestResult = { ok: true; request: CallRequest } | { ok: false; error: HttpError };

export async function parseCallRequest(request: IncomingMessage, body: Buffer): Promise<CallRequestResult> {
  const type = mediaType(request);
  if (type === 'application/sdp') {
    const sdp = checkSdp(body.toString('utf8'));
    return typeof sdp === 'string' ? { ok: true, request: { sdp, session: null } } : { ok: false, error: sdp };
  }
  if (type === 'multipart/form-data') return parseMultipart(request, body);
  return {
    ok: false,
    error: { status: 400, code: 'invalid_content_type', message: "Send the SDP offer as 'application/sdp', or 'multipart/form-data' with the fields 'sdp' and 'session'." },
  };
}

async function parseMultipart(request: IncomingMessage, body: Buffer): Promise<CallRequestResult> {
  let form: FormData;
  try {
    // undici's parser (Node's own fetch): a well-kept multipart reader instead of a hand-made one.
    form = await new Response(body, { headers: { 'content-type': String(request.headers['content-type']) } }).formData();
  } catch {
    return { ok: false, error: { status: 400, code: 'invalid_body', message: 'The multipart/form-data body could not be parsed.' } };
  }
  const names: string[] = [];
  form.forEach((_value, name) => names.push(name));
  const unknown = names.find((name) => name !== 'sdp' && name !== 'session');
  if (unknown !== undefined) {
    const param = unknown.slice(0, 80);
    return { ok: false, error: { status: 400, code: 'unknown_parameter', param, message: `Unknown parameter: '${param}'.` } };
  }
  const sdpField = form.get('sdp');
  if (sdpField === null) return { ok: false, error: { status: 400, code: 'missing_required_parameter', param: 'sdp', message: "Missing required parameter: 'sdp'." } };
  const sdp = checkSdp(typeof sdpField === 'string' ? sdpField : await sdpField.text());
  if (typeof sdp !== 'string') return { ok: false, error: sdp };
  const sessionField = form.get('session');
  if (sessionField === null) return { ok: true, request: { sdp, session: null } };
  const text = typeof sessionField === 'string' ? sessionField : await sessionField.text();
  if (jsonDepthExceeds(text)) return { ok: false, error: { status: 400, code: 'invalid_json', param: 'session', message: "The 'session' field nests too deeply." } };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: { status: 400, code: 'invalid_json', param: 'session', message: "The 'session' field is not valid JSON." } };
  }
  const checked = checkSessionRequest(value);
  return checked.ok ? { ok: true, request: { sdp, session: checked.session } } : { ok: false, error: checked.error };
}

/** The offer as text, or why it is not one: size, `v=0` first, only `x=value` lines, an `m=` section. */
export function checkSdp(text: string): string | HttpError {
  const invalid = (message: string): HttpError => ({ status: 400, code: 'invalid_offer', param: 'sdp', message });
  if (Buffer.byteLength(text) > MAX_SDP_BYTES) return invalid(`The SDP offer is larger than ${MAX_SDP_BYTES} bytes.`);
  const lines = text.split(/\r?\n/).filter((line) => line !== '');
  if (lines[0] !== 'v=0') return invalid("The SDP offer must start with 'v=0'.");
  // eslint-disable-next-line no-control-regex
  if (lines.some((line) => !/^[a-z]=[^\u0000-\u001f\u007f]*$/.test(line))) return invalid('The SDP offer has a line that is not a `x=value` line.');
  if (!lines.some((line) => line.startsWith('m='))) return invalid('The SDP offer has no media section.');
  if (!lines.some((line) => line.startsWith('a=fingerprint:'))) return invalid('The SDP offer has no DTLS fingerprint.');
  return lines.join('\r\n') + '\r\n';
}
