// What a direct connection (no relay) needs before any socket opens: an encrypted URL unless it
// is loopback, and for a standard key the user's opt-in. Checked by the page so the refusal reads
// as advice about the page, not the library's option name; the library enforces the same rules.
import { insecureKeyUrlReason, isEphemeralKey, realtimeUrl } from '../../lib/realtime';
import { displayUrl } from '../../config';
import { KEY_OPT_IN_LABEL } from '../../components/connection/ApiKeyPanel';

export interface DirectKeyTarget {
  url: string;
  apiKey?: string;
  allowKeyInBrowser?: boolean;
}

/** Why Connect must not send this key, or null when it may. */
export function directKeyRefusal({ url, apiKey, allowKeyInBrowser }: DirectKeyTarget): string | null {
  if (!apiKey) return null; // a relay holds the key
  let insecure: string | null;
  try {
    insecure = insecureKeyUrlReason(realtimeUrl(url));
  } catch {
    return `Refusing to send the API key: the Realtime URL is not a valid URL (${displayUrl(url)}).`;
  }
  // Ticking the opt-in cannot help here, so this comes first.
  if (insecure) return insecure;
  if (!isEphemeralKey(apiKey) && !allowKeyInBrowser) {
    return (
      'Refusing to send a standard API key from this page: it would be visible to this browser. ' +
      `Tick “${KEY_OPT_IN_LABEL}” beside the key to use it anyway, or use an ephemeral key (ek_…) or the relay.`
    );
  }
  return null;
}
