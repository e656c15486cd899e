// GPT-Live's paths on the simulator: the primary WebSocket and WebRTC creation share one path
// (live.d.ts `Live.create` posts to `/live/sessions`); a sideband attaches at
// `/live/sessions/{id}/attach` (sideband/internal-base.js builds it that way); a stored session is
// forked over a WebSocket at `/live/sessions/{id}/fork` (forks/internal-base.js).
import { parseTarget } from '../request-safety';

export const LIVE_PATH = '/v1/live/sessions';
const ATTACH = /^\/v1\/live\/sessions\/([A-Za-z0-9_-]{1,200})\/attach\/?$/;
const FORK = /^\/v1\/live\/sessions\/([A-Za-z0-9_-]{1,200})\/fork\/?$/;

/** The session id of an attach URL, or null. */
export function liveAttachId(target: string | undefined): string | null {
  const url = parseTarget(target);
  return url ? (ATTACH.exec(url.pathname)?.[1] ?? null) : null;
}

/** The stored session id of a fork URL, or null. */
export function liveForkId(target: string | undefined): string | null {
  const url = parseTarget(target);
  return url ? (FORK.exec(url.pathname)?.[1] ?? null) : null;
}
