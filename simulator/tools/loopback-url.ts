// The simulator must never reach the internet, yet a developer's own MCP server on this machine
// is worth talking to. So a remote MCP server is reached only when its URL names a loopback
// address: 127.0.0.0/8, ::1 (also as ::ffff:127.x), or `localhost` when every address it
// resolves to is loopback. There is no switch to widen this. Each request the MCP client makes
// is checked again and redirects are refused, so a loopback server cannot send us elsewhere.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

export type LoopbackCheck = { url: URL } | { error: string };

function isLoopbackAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '').toLowerCase();
  const kind = isIP(bare);
  if (kind === 4) return bare.startsWith('127.');
  if (kind === 6) return bare === '::1' || /^::ffff:127\./.test(bare) || bare === '0:0:0:0:0:0:0:1';
  return false;
}

/** The URL when it is http(s) on a loopback host; otherwise why it is refused. */
export async function checkLoopbackUrl(text: string | undefined): Promise<LoopbackCheck> {
  if (!text) return { error: 'no server_url' };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { error: `server_url is not a URL: ${text}` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { error: `only http(s) MCP servers are reached (got ${url.protocol})` };
  if (isLoopbackAddress(url.hostname)) return { url };
  if (url.hostname.toLowerCase() === 'localhost') {
    const addresses = await lookup('localhost', { all: true }).catch(() => []);
    if (addresses.length > 0 && addresses.every((entry) => isLoopbackAddress(entry.address))) return { url };
  }
  return { error: `the simulator reaches MCP servers on loopback only (127.0.0.1, ::1, localhost), not ${url.hostname}` };
}

/** A fetch that refuses any non-loopback URL and any redirect. */
export function loopbackFetch(): (input: string | URL | Request, init?: RequestInit) => Promise<Response> {
  return async (input, init) => {
    const target = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const checked = await checkLoopbackUrl(target);
    if ('error' in checked) throw new Error(checked.error);
    return fetch(input, { ...init, redirect: 'error' });
  };
}
