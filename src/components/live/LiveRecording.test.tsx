// Open session of a Live recording renders offline: banner, timeline, delegations, append
// ledger, decisions, cost meter and the event log, with nothing connected.
import { render, screen, within } from '@testing-library/react';
import { openSessionFile } from '../../lib/inspector/session-file';
import { loadRecording } from '../inspector/recording';
import { RecordingView } from '../inspector/RecordingView';
import { useInspector } from '../inspector/useInspector';
import { FIXTURE_COMMENTARY, LIVE_FIXTURE_NAME, liveFixtureBytes } from './test-support/liveFixture';

function Opened() {
  const inspector = useInspector(null);
  const recording = loadRecording(openSessionFile(LIVE_FIXTURE_NAME, liveFixtureBytes()));
  return <RecordingView recording={recording} inspector={inspector} onClose={() => undefined} />;
}

test('a Live recording renders offline: timeline, delegation answered, ledger placed, decision, meter, log', () => {
  render(<Opened />);
  expect(screen.getByTestId('recording-banner')).toHaveTextContent('Recording — not connected');
  expect(screen.getByTestId('recording-protocol')).toHaveTextContent('GPT-Live');
  const live = screen.getByTestId('recording-live');
  expect(within(screen.getByTestId('live-lane-user')).getAllByTitle(/weather in Paris/).length).toBeGreaterThan(0);
  expect(within(screen.getByTestId('live-lane-assistant')).getAllByTitle(/sunny in Paris/).length).toBeGreaterThan(0);
  expect(within(screen.getByTestId('live-delegations')).getByText('answered')).toBeInTheDocument();
  const ledger = within(screen.getByTestId('live-ledger'));
  expect(ledger.getByText(FIXTURE_COMMENTARY)).toBeInTheDocument();
  expect(ledger.getAllByText(/^at \d+ ms, \d+ ms after sending$/)).toHaveLength(2);
  expect(within(screen.getByTestId('live-decisions')).getByText(/asks_weather: p=0\.\d0/)).toBeInTheDocument();
  expect(within(live).getByTestId('live-meter')).toHaveTextContent(/\d\.\d s/);
  expect(within(screen.getByRole('region', { name: 'Recorded events' })).getAllByText(/session\.delegation\.created/).length).toBeGreaterThan(0);
});
