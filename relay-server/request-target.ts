// The one place the relay reads a request's target (`req.url`). `new URL(target, base)` throws
// on targets such as `//[`, `//%` or `//x:99999` (read as `//host`); one uncaught throw used to
// take the whole process down, so every caller goes through this and gets null (HTTP 400).

/** Base for origin-form targets; only the path and query of the result are ever read. */
const BASE = 'http://relay';
/** `scheme:` at the start: an absolute-form target (`GET http://host/path HTTP/1.1`). */
const ABSOLUTE_FORM = /^[a-z][a-z\d+.-]*:/i;

/** The request target as a URL, or null when it is not one (the caller answers 400). */
export function parseRequestTarget(target: string | undefined): URL | null {
  if (target === undefined || target === '') return null;
  try {
    // `//…` would be read as `//host`; no client of the relay sends one, so it is refused.
    if (target.startsWith('//')) return null;
    // Prefixed, not resolved against a base: the host is always ours.
    if (target.startsWith('/')) return new URL(BASE + target);
    if (ABSOLUTE_FORM.test(target)) return new URL(target);
  } catch {
    return null;
  }
  // Asterisk-form (`OPTIONS *`) and anything else: nothing the relay serves.
  return null;
}
