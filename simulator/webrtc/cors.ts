// CORS for the simulator's HTTP endpoints, as a page needs it: a browser holding an ephemeral
// key posts its SDP offer to `/v1/realtime/calls` from its own origin (the console through a
// relay's /token, or with an ek_ key pasted), with `Authorization` and `application/sdp`, which
// make it ask first. The API lets any origin do so (no cookies are involved: the key is the
// credential), so the simulator answers any origin the same way and lets the page read Location.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Headers on every answer of these endpoints. */
export function allowAnyOrigin(response: ServerResponse): void {
  response.setHeader('access-control-allow-origin', '*');
  response.setHeader('access-control-expose-headers', 'Location');
}

/** Answers a preflight (OPTIONS) for a POST endpoint; true when it was one. */
export function answerPreflight(request: IncomingMessage, response: ServerResponse): boolean {
  if (request.method !== 'OPTIONS') return false;
  response.writeHead(204, {
    'access-control-allow-methods': 'POST',
    'access-control-allow-headers': 'Authorization, Content-Type',
    'access-control-max-age': '600',
    'content-length': '0',
  });
  response.end();
  return true;
}
