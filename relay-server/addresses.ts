// Which hosts count as loopback (the relay's guard rails depend on it), and the key under which
// a client's sessions are counted.
import { BlockList, isIP, isIPv4 } from 'node:net';

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/**
 * Whether binding to `host` keeps the relay on this machine: 127.0.0.0/8, ::1 (in any spelling,
 * IPv4-mapped included) or `localhost`. Any other name may resolve off the machine, so it counts
 * as remote.
 */
export function isLoopbackHost(host: string): boolean {
  const bare = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (bare === 'localhost') return true;
  const family = isIP(bare);
  if (family === 4) return LOOPBACK.check(bare, 'ipv4');
  if (family === 6) return LOOPBACK.check(bare, 'ipv6');
  return false;
}

/** The key a client's sessions are counted under: its address, an IPv4-mapped one as plain IPv4. */
export function clientKey(remoteAddress: string | undefined): string {
  if (remoteAddress === undefined) return '(unknown)';
  const mapped = remoteAddress.toLowerCase().startsWith('::ffff:') ? remoteAddress.slice('::ffff:'.length) : '';
  return isIPv4(mapped) ? mapped : remoteAddress;
}
