import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ServerSession } from '../../lib/protocol/protocol-types';
import { validateClientEvent } from '../../lib/protocol/validate';
import { SessionSettingsPanel, type AppliedSettings } from './SessionSettingsPanel';
import { VOICES } from './options';
import type { SessionPatch } from '../../lib/protocol/session-patch';
import { settingsToSession } from './sessionMapping';
import { DEFAULT_SESSION_SETTINGS, type SessionSettings } from './sessionSettings';

type Apply = [SessionPatch, AppliedSettings];

function serverSession(settings: SessionSettings, patch: { voice?: string } = {}): ServerSession {
  const session = settingsToSession(settings, { includeModel: true });
  return {
    ...session,
    id: 'sess_sim_1',
    object: 'realtime.session',
    audio: { input: session.audio?.input, output: { ...session.audio?.output, voice: patch.voice ?? settings.voice } },
  } as unknown as ServerSession;
}

function setup(props: Partial<Parameters<typeof SessionSettingsPanel>[0]> = {}) {
  const applied: Apply[] = [];
  const requested = props.requested ?? DEFAULT_SESSION_SETTINGS;
  const utils = render(<SessionSettingsPanel requested={requested} confirmed={null} onApply={(...args) => applied.push(args)} {...props} />);
  return { applied, user: userEvent.setup({ delay: null }), ...utils };
}

const apply = () => screen.getByRole('button', { name: /^Apply/ });

test('offers every GA voice, the transcription models and the output modalities, starting from what was requested', () => {
  setup({ requested: { ...DEFAULT_SESSION_SETTINGS, voice: 'cedar', instructions: 'Be brief.' } });
  const voices = within(screen.getByLabelText('Voice')).getAllByRole('option').map((o) => o.textContent);
  expect(voices).toEqual([...VOICES]);
  expect(screen.getByLabelText('Voice')).toHaveValue('cedar');
  expect(screen.getByLabelText('Instructions')).toHaveValue('Be brief.');
  expect(within(screen.getByLabelText('Input transcription')).getAllByRole('option').map((o) => o.getAttribute('value'))).toContain('whisper-1');
  expect(within(screen.getByLabelText('Output modality')).getAllByRole('option').map((o) => o.getAttribute('value'))).toEqual(['audio', 'text']);
  expect(screen.getByText('Changing the model needs a reconnect.')).toBeInTheDocument();
  expect(apply()).toBeDisabled(); // nothing changed yet
});

test('applies a valid GA session patch built from the form', async () => {
  const { applied, user } = setup({ connected: true });
  await user.selectOptions(screen.getByLabelText('Voice'), 'ballad');
  await user.type(screen.getByLabelText('Instructions'), 'Speak slowly.');
  await user.selectOptions(screen.getByLabelText('Turn detection'), 'server_vad');
  await user.clear(screen.getByLabelText('Threshold'));
  await user.type(screen.getByLabelText('Threshold'), '0.7');
  await user.clear(screen.getByLabelText('Silence duration (ms)'));
  await user.type(screen.getByLabelText('Silence duration (ms)'), '800');
  await user.selectOptions(screen.getByLabelText('Noise reduction'), 'far_field');
  await user.selectOptions(screen.getByLabelText('Input transcription'), 'whisper-1');
  await user.selectOptions(screen.getByLabelText('Output modality'), 'text');
  await user.click(screen.getByLabelText('No limit (inf)'));
  await user.clear(screen.getByLabelText('Max output tokens'));
  await user.type(screen.getByLabelText('Max output tokens'), '300');
  expect(screen.getByText('Unapplied changes')).toBeInTheDocument();
  await user.click(apply());

  expect(applied).toHaveLength(1);
  const [session, info] = applied[0];
  expect(session).toEqual({
    type: 'realtime',
    instructions: 'Speak slowly.',
    output_modalities: ['text'],
    max_output_tokens: 300,
    tool_choice: 'auto',
    truncation: 'auto',
    tracing: null,
    prompt: null,
    include: [],
    audio: {
      input: {
        format: { type: 'audio/pcm', rate: 24000 },
        turn_detection: { type: 'server_vad', threshold: 0.7, prefix_padding_ms: 300, silence_duration_ms: 800, create_response: true, interrupt_response: true },
        noise_reduction: { type: 'far_field' },
        transcription: { model: 'whisper-1' },
      },
      output: { format: { type: 'audio/pcm', rate: 24000 }, voice: 'ballad', speed: 1 },
    },
  });
  expect(validateClientEvent({ type: 'session.update', session }).errors).toEqual([]);
  expect(info).toMatchObject({ reconnectRequired: false, reasons: [] });
  expect(info.settings.voice).toBe('ballad');
  expect(screen.getByTestId('session-settings-status')).toHaveTextContent('Waiting for session.updated');
  expect(screen.queryByText('Unapplied changes')).not.toBeInTheDocument();
});

test('shows the parameters of the chosen turn detection only', async () => {
  const { user, applied } = setup();
  expect(screen.queryByLabelText('Threshold')).not.toBeInTheDocument();
  expect(screen.queryByLabelText('Eagerness')).not.toBeInTheDocument();
  await user.selectOptions(screen.getByLabelText('Turn detection'), 'semantic_vad');
  expect(screen.queryByLabelText('Threshold')).not.toBeInTheDocument();
  await user.selectOptions(screen.getByLabelText('Eagerness'), 'high');
  await user.click(apply());
  expect(applied[0][0].audio?.input?.turn_detection).toEqual({ type: 'semantic_vad', eagerness: 'high', create_response: true, interrupt_response: true });
});

test('refuses out-of-range numbers', async () => {
  const { user, applied } = setup();
  await user.selectOptions(screen.getByLabelText('Turn detection'), 'server_vad');
  await user.clear(screen.getByLabelText('Threshold'));
  await user.type(screen.getByLabelText('Threshold'), '1.5');
  expect(screen.getByRole('alert')).toHaveTextContent('Enter a number from 0 to 1.');
  expect(apply()).toBeDisabled();
  await user.clear(screen.getByLabelText('Threshold'));
  expect(apply()).toBeDisabled(); // empty is not a number
  await user.type(screen.getByLabelText('Threshold'), '0.4');
  expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  await user.click(apply());
  expect(applied).toHaveLength(1);
});

test('flags each field where the confirmed session differs from what was asked', () => {
  const asked = { ...DEFAULT_SESSION_SETTINGS, voice: 'verse', turnDetection: 'semantic_vad' as const, eagerness: 'low' as const };
  setup({ requested: asked, connected: true, confirmed: serverSession(asked, { voice: 'alloy' }) });
  expect(screen.getByTestId('session-settings-status')).toHaveTextContent("The server's session differs on 1 field.");
  expect(screen.getByTestId('server-voice')).toHaveTextContent('⚠ server: alloy');
  expect(screen.getByTestId('server-voice')).toHaveClass('session-settings__server--mismatch');
  expect(screen.getByTestId('server-eagerness')).toHaveTextContent('✓ server: low');
  expect(screen.getByTestId('server-transcriptionModel')).toHaveTextContent('✓ server: gpt-4o-mini-transcribe');
  expect(screen.getByTestId('server-turnDetection')).not.toHaveClass('session-settings__server--mismatch');
});

test('a new confirmed session after Apply settles the flags', async () => {
  const { user, rerender, applied } = setup({ connected: true, confirmed: serverSession(DEFAULT_SESSION_SETTINGS) });
  expect(screen.getByTestId('session-settings-status')).toHaveTextContent('The server confirmed these settings.');
  await user.selectOptions(screen.getByLabelText('Voice'), 'sage');
  await user.click(apply());
  expect(screen.getByTestId('session-settings-status')).toHaveTextContent('Waiting for session.updated');
  // The server answers with another voice (e.g. voice locked after the first audio).
  const props = { requested: DEFAULT_SESSION_SETTINGS, connected: true, onApply: () => undefined };
  rerender(<SessionSettingsPanel {...props} requested={applied[0][1].settings} confirmed={serverSession(DEFAULT_SESSION_SETTINGS)} />);
  expect(screen.getByTestId('server-voice')).toHaveTextContent('⚠ server: marin');
  rerender(<SessionSettingsPanel {...props} requested={applied[0][1].settings} confirmed={serverSession(applied[0][1].settings)} />);
  expect(screen.getByTestId('server-voice')).toHaveTextContent('✓ server: sage');
  expect(screen.getByTestId('session-settings-status')).toHaveTextContent('The server confirmed these settings.');
});

test('says when a change needs a reconnect', async () => {
  const running = { ...DEFAULT_SESSION_SETTINGS, noiseReduction: 'near_field' as const };
  const { user, applied } = setup({ requested: running, connected: true, confirmed: serverSession(running) });
  expect(screen.queryByTestId('session-settings-reconnect')).not.toBeInTheDocument();
  await user.clear(screen.getByLabelText('Model'));
  await user.type(screen.getByLabelText('Model'), 'gpt-realtime-2.1-mini');
  expect(screen.getByTestId('session-settings-reconnect')).toHaveTextContent('the model is chosen when connecting');
  await user.click(apply());
  const [session, info] = applied[0];
  expect(session).not.toHaveProperty('model');
  expect(info.reconnectRequired).toBe(true);
  expect(info.reasons).toEqual(['the model is chosen when connecting']);
  expect(info.settings.model).toBe('gpt-realtime-2.1-mini');
});

test('turning noise reduction and transcription off is a session.update with null, no reconnect', async () => {
  const running = { ...DEFAULT_SESSION_SETTINGS, noiseReduction: 'near_field' as const };
  const { user, applied } = setup({ requested: running, connected: true, confirmed: serverSession(running) });
  expect(screen.queryByTestId('off-noiseReduction')).not.toBeInTheDocument();
  await user.selectOptions(screen.getByLabelText('Noise reduction'), 'none');
  await user.selectOptions(screen.getByLabelText('Input transcription'), 'none');
  expect(screen.queryByTestId('session-settings-reconnect')).not.toBeInTheDocument();
  expect(screen.getByTestId('off-noiseReduction')).toHaveTextContent('turns it off on the live session');
  expect(screen.getByTestId('off-transcriptionModel')).toBeInTheDocument();
  await user.click(apply());
  const [session, info] = applied[0];
  // One payload: the same patch goes to the wire and to client.updateSession.
  expect(session.audio?.input).toMatchObject({ noise_reduction: null, transcription: null });
  expect(info).not.toHaveProperty('clientPatch');
  expect(validateClientEvent({ type: 'session.update', session }).errors).toEqual([]);
  expect(info.reconnectRequired).toBe(false);
  expect(info.reasons).toEqual([]);
});

test('follows the requested settings when the page changes them, unless the user is editing', async () => {
  const { user, rerender } = setup();
  const props = { confirmed: null, onApply: () => undefined };
  rerender(<SessionSettingsPanel {...props} requested={{ ...DEFAULT_SESSION_SETTINGS, turnDetection: 'server_vad' }} />);
  expect(screen.getByLabelText('Turn detection')).toHaveValue('server_vad');
  await user.selectOptions(screen.getByLabelText('Voice'), 'echo');
  rerender(<SessionSettingsPanel {...props} requested={{ ...DEFAULT_SESSION_SETTINGS, turnDetection: 'none' }} />);
  expect(screen.getByLabelText('Voice')).toHaveValue('echo'); // the edit survives
  expect(screen.getByLabelText('Turn detection')).toHaveValue('server_vad');
  await user.click(screen.getByRole('button', { name: 'Revert' }));
  expect(screen.getByLabelText('Voice')).toHaveValue('marin');
  expect(screen.getByLabelText('Turn detection')).toHaveValue('none');
});

test('a refused update stops the wait and flags what the server still runs', async () => {
  const running = serverSession(DEFAULT_SESSION_SETTINGS);
  const { user, rerender, applied } = setup({ connected: true, confirmed: running });
  await user.selectOptions(screen.getByLabelText('Voice'), 'cedar');
  await user.click(apply());
  // While waiting, the old value is shown without a verdict.
  expect(screen.getByTestId('server-voice')).toHaveTextContent(/^server: marin$/);
  const props = { connected: true, confirmed: running, onApply: () => undefined, requested: applied[0][1].settings };
  const rejection = { message: "cannot_update_voice — Cannot update a conversation's voice if assistant audio is present." };
  rerender(<SessionSettingsPanel {...props} rejection={rejection} />);
  expect(screen.getByTestId('session-settings-status')).toHaveTextContent('The server refused the update (cannot_update_voice');
  expect(screen.getByTestId('session-settings-status')).toHaveClass('session-settings__status--mismatch');
  expect(screen.getByTestId('server-voice')).toHaveTextContent('⚠ server: marin');
  // The next confirmed session clears the refusal.
  rerender(<SessionSettingsPanel {...props} confirmed={serverSession(applied[0][1].settings)} rejection={rejection} />);
  expect(screen.getByTestId('session-settings-status')).toHaveTextContent('The server confirmed these settings.');
  expect(screen.getByTestId('server-voice')).toHaveTextContent('✓ server: cedar');
});
