import { fireEvent, render, screen, within } from '@testing-library/react';
import { AppendLedger, DelegationTracker, TranscriptGrouper } from '../../lib/live';
import { validateLiveSessionConfig } from '../../lib/protocol/live-validate';
import { LiveAppendLedger } from './LiveAppendLedger';
import { LiveCommentaryBox } from './LiveCommentaryBox';
import { LiveDelegationsPanel } from './LiveDelegationsPanel';
import { LiveMeter } from './LiveMeter';
import { DEFAULT_LIVE_CHOICES, LiveStartForm, liveSessionFor } from './LiveStartForm';
import { LiveTimeline } from './LiveTimeline';
import { liveRelayUrl } from './useLiveSession';
import { liveVoiceCostUsd } from './livePricing';

function recorded() {
  const turns = new TranscriptGrouper();
  turns.add('user', { delta: 'Tell me a story', start_ms: 1000, end_ms: 2000 });
  turns.add('assistant', { delta: 'Once upon a time', start_ms: 2400, end_ms: 4000 });
  turns.add('user', { delta: 'Wait', start_ms: 3600, end_ms: 3800 });
  const delegations = new DelegationTracker({ now: () => 0 });
  delegations.created({ type: 'session.delegation.created', event_id: 'e', offset_ms: 4200, delegation: { id: 'dlg_1', target: 'client', type: 'delegation' } });
  const ledger = new AppendLedger(() => 0);
  ledger.sent('c1', 'commentary', 'Sunny in Paris', 'dlg_1');
  ledger.sent('c2', 'thinking', 'checking', null);
  ledger.appended('c1', 4300, 4300);
  delegations.answered('dlg_1', 4300);
  return { turns, delegations, ledger };
}

test('the timeline draws both lanes on the session clock: a barge-in is two overlapping segments', () => {
  const { turns, delegations, ledger } = recorded();
  render(<LiveTimeline turns={turns.list()} delegations={delegations.list()} appends={ledger.list()} nowMs={5000} />);
  const user = within(screen.getByTestId('live-lane-user')).getAllByTitle(/s: /);
  const assistant = within(screen.getByTestId('live-lane-assistant')).getAllByTitle(/s: /);
  expect(user.map((s) => s.textContent)).toEqual(['Tell me a story', 'Wait']);
  expect(assistant.map((s) => s.textContent)).toEqual(['Once upon a time']);
  const bargeIn = user[1];
  expect(Number(bargeIn.dataset.startMs)).toBeLessThan(Number(assistant[0].dataset.endMs));
  expect(screen.getByTitle(/delegation dlg_1 \(client\) at 4200 ms: answered/)).toBeInTheDocument();
  expect(screen.getByTitle('commentary appended at 4300 ms')).toBeInTheDocument();
});

test('delegations, the append ledger (pending vs placed) and the cost meter', () => {
  const { delegations, ledger } = recorded();
  render(
    <>
      <LiveDelegationsPanel delegations={delegations.list()} />
      <LiveAppendLedger entries={ledger.list()} />
      <LiveMeter usage={{ seconds: 90, usageRatio: 0.125 }} />
    </>,
  );
  expect(within(screen.getByTestId('live-delegations')).getByText('answered')).toBeInTheDocument();
  expect(within(screen.getByTestId('live-delegations')).getByText(/100 ms on the timeline/)).toBeInTheDocument();
  expect(within(screen.getByTestId('live-ledger')).getByText('at 4300 ms, 0 ms after sending')).toBeInTheDocument();
  expect(within(screen.getByTestId('live-ledger')).getByText(/pending/)).toBeInTheDocument();
  expect(liveVoiceCostUsd(90)).toBeCloseTo(0.075);
  expect(screen.getByTestId('live-meter')).toHaveTextContent('$0.0750');
  expect(screen.getByTestId('live-meter')).toHaveTextContent('12.5%');
});

test('the start-up form builds a valid session.start session and locks once started', () => {
  for (const delegation of ['responses', 'client'] as const) {
    expect(validateLiveSessionConfig(liveSessionFor({ ...DEFAULT_LIVE_CHOICES, delegation, instructions: 'Be brief.', store: true })).errors).toEqual([]);
  }
  expect(liveSessionFor(DEFAULT_LIVE_CHOICES).store).toBeUndefined();
  expect(liveSessionFor({ ...DEFAULT_LIVE_CHOICES, store: true }).store).toBe(true);
  const onStart = jest.fn();
  const { rerender } = render(<LiveStartForm locked={false} onStart={onStart} />);
  fireEvent.change(screen.getByLabelText(/^Model/), { target: { value: 'gpt-live-1.1' } });
  fireEvent.click(screen.getByLabelText('Store (to fork later)'));
  fireEvent.click(screen.getByRole('button', { name: 'Start Live session' }));
  expect(onStart).toHaveBeenCalledWith(expect.objectContaining({ model: 'gpt-live-1.1', delegation: 'responses', store: true }));
  rerender(<LiveStartForm locked onStart={onStart} />);
  expect(screen.getByLabelText(/^Model/)).toBeDisabled();
  expect(screen.getByText(/Fixed for this session/)).toBeInTheDocument();
});

test('the relay Live URL: its path, the access token kept, nothing else', () => {
  expect(liveRelayUrl('ws://localhost:8081')).toBe('ws://localhost:8081/v1/live/sessions');
  expect(liveRelayUrl('wss://relay.example/?access_token=t&model=x')).toBe('wss://relay.example/v1/live/sessions?access_token=t');
});

test('the commentary box answers the latest open delegation by keyboard, as commentary or thinking', () => {
  const delegations = new DelegationTracker({ now: () => 0 });
  delegations.created({ type: 'session.delegation.created', event_id: 'e1', offset_ms: 1000, delegation: { id: 'dlg_1', target: 'client', type: 'delegation' } });
  delegations.created({ type: 'session.delegation.created', event_id: 'e2', offset_ms: 3000, delegation: { id: 'dlg_2', target: 'client', type: 'delegation' } });
  const onSend = jest.fn();
  const { rerender } = render(<LiveCommentaryBox open={delegations.list()} onSend={onSend} />);
  const box = within(screen.getByRole('form', { name: 'Answer a delegation' }));
  expect(box.getByLabelText('Delegation')).toHaveValue('dlg_2');
  const answer = box.getByLabelText('Answer');
  fireEvent.change(answer, { target: { value: 'Sunny, 18 degrees.' } });
  expect(box.getByLabelText('Answer')).toBe(answer); // the label names the field whatever is typed
  fireEvent.keyDown(answer, { key: 'Enter' });
  expect(onSend).not.toHaveBeenCalled();
  fireEvent.keyDown(answer, { key: 'Enter', ctrlKey: true });
  expect(onSend).toHaveBeenCalledWith('commentary', 'Sunny, 18 degrees.', 'dlg_2');
  expect(box.getByRole('status')).toHaveTextContent('Sent commentary for dlg_2.');
  fireEvent.change(box.getByLabelText('Delegation'), { target: { value: 'dlg_1' } });
  fireEvent.click(box.getByLabelText('Thinking (silent)'));
  fireEvent.change(answer, { target: { value: 'checking' } });
  fireEvent.click(box.getByRole('button', { name: 'Send thinking' }));
  expect(onSend).toHaveBeenLastCalledWith('thinking', 'checking', 'dlg_1');
  rerender(<LiveCommentaryBox open={[]} onSend={onSend} />);
  expect(box.getByText('No delegation is waiting for an answer.')).toBeInTheDocument();
  expect(box.getByLabelText('Answer')).toBeDisabled();
});
