// What the relay needs before Twilio can call it, each line ticked or not, and the exact URL to
// paste into the number's voice webhook.
import type { PhoneConnection, PhoneStatus } from './phoneLogsClient';

const mark = (ok: boolean | null) => (ok === null ? '…' : ok ? '✓' : '✗');

export function PhoneChecklist({ status, connection }: { status: PhoneStatus | null; connection: PhoneConnection }) {
  if (connection === 'closed' && !status) {
    return <p className="phone__warning" role="alert">The relay's /logs did not answer: is the relay new enough, and does it allow this page's origin?</p>;
  }
  if (!status) return <p>Asking the relay…</p>;
  return (
    <ul className="phone__checklist" data-testid="phone-checklist">
      <li data-ok={status.authTokenSet}>{mark(status.authTokenSet)} Twilio auth token set on the relay (<code>TWILIO_AUTH_TOKEN</code>)</li>
      <li data-ok={status.publicUrl !== null}>
        {mark(status.publicUrl !== null)} Public URL set (<code>RELAY_PUBLIC_URL</code>){status.publicUrl && <>: <code>{status.publicUrl}</code></>}
      </li>
      <li data-ok={status.publicUrlAnswers}>{mark(status.publicUrlAnswers)} The public URL reaches this relay (GET /health)</li>
      <li>
        {status.webhookUrl ? (
          <>
            Paste into the Twilio number's "A call comes in" webhook (HTTP POST): <code data-testid="phone-webhook-url">{status.webhookUrl}</code>
          </>
        ) : (
          'The phone line is off until both settings are set.'
        )}
      </li>
    </ul>
  );
}
