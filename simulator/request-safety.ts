// Guards for what arrives from the network before the simulator trusts it: log text, request
// targets and JSON nesting. A bad request or frame is answered, never thrown.

/** Deepest JSON nesting a client event may have (tool schemas need a few dozen at most). */
export const MAX_JSON_DEPTH = 128;

/**
 * Escapes C0/C1 control characters (and the Unicode line separators) so text from a request
 * can neither forge a log line nor send terminal escapes.
 */
export function escapeControl(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    const code = c.charCodeAt(0);
    return code > 0xff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\x${code.toString(16).padStart(2, '0')}`;
  });
}

/** A request target shortened and escaped for a log line. */
export function describeTarget(target: string | undefined, max = 120): string {
  const text = target ?? '';
  return escapeControl(text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text);
}

/** The request target as a URL, or null when it is not one (`//[`, `//%`, `//x:99999`, …). */
export function parseTarget(target: string | undefined): URL | null {
  try {
    return new URL(target ?? '/', 'http://simulator.local');
  } catch {
    return null;
  }
}

/**
 * Whether `text` nests arrays/objects deeper than `max`, found by one scan without parsing:
 * a deep document parses fine but overflows the stack of every recursive walk after it.
 */
export function jsonDepthExceeds(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}
