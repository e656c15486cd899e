// The Phone view behind a disclosure on the console page: it connects to the relay's /logs only
// while open, so a console that never looks at calls opens no second socket.
import { useState } from 'react';
import { PhoneView } from './PhoneView';

export function PhoneSection({ relayUrl }: { relayUrl: string }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="console-page__phone" data-testid="phone-section" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>Phone calls (Twilio, through the relay)</summary>
      {open && <PhoneView relayUrl={relayUrl} />}
    </details>
  );
}
