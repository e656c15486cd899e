// The fields added for every session setting (issue 12, item 16): formats, speed, tools,
// reasoning, truncation, tracing, prompt, include, idle timeout, VAD responses, transcription.
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ServerSession } from '../../lib/protocol/protocol-types';
import { validateClientEvent } from '../../lib/protocol/validate';
import { SessionSettingsPanel, type AppliedSettings } from './SessionSettingsPanel';
import type { SessionPatch } from '../../lib/protocol/session-patch';
import { settingsToSession } from './sessionMapping';
import { DEFAULT_SESSION_SETTINGS, type SessionSettings } from './sessionSettings';

type Apply = [SessionPatch, AppliedSettings];

function serverSession(settings: SessionSettings, patch: Record<string, unknown> = {}): ServerSession {
  return { ...settingsToSession(settings, { includeModel: true }), id: 'sess_sim_1', object: 'realtime.session', ...patch } as unknown as ServerSession;
}

function setup(props: Partial<Parameters<typeof SessionSettingsPanel>[0]> = {}) {
  const applied: Apply[] = [];
  const utils = render(<SessionSettingsPanel requested={DEFAULT_SESSION_SETTINGS} confirmed={null} onApply={(...args) => applied.push(args)} {...props} />);
  return { applied, user: userEvent.setup({ delay: null }), ...utils };
}

const apply = () => screen.getByRole('button', { name: /^Apply/ });
const section = (title: string) => screen.getByRole('group', { name: title });
/** The options of the datalist an input suggests from (a datalist has no ARIA role to query by). */
function suggestions(input: HTMLElement): string[] {
  // eslint-disable-next-line testing-library/no-node-access
  const list = document.getElementById(input.getAttribute('list') ?? '');
  // eslint-disable-next-line testing-library/no-node-access
  return Array.from(list?.querySelectorAll('option') ?? []).map((option) => option.value);
}
const summary = (title: string) => within(section(title)).getByRole('button', { name: new RegExp(`^${title}`) });

// These tests type into many fields; on a loaded 2-core CI machine one took over jest's 5 s default.
jest.setTimeout(30_000);

async function retype(user: ReturnType<typeof userEvent.setup>, label: string, text: string) {
  await user.clear(screen.getByLabelText(label));
  if (text) await user.type(screen.getByLabelText(label), text);
}

test('every session field is in the form; folded sections open on click', async () => {
  const { user, applied } = setup({ connected: true });
  expect(screen.queryByLabelText('Speed')).not.toBeInTheDocument();
  await user.click(summary('Audio format and speed'));
  expect(within(screen.getByLabelText('Output format')).getAllByRole('option').map((o) => o.textContent)).toEqual([
    'PCM16, 24 kHz',
    'G.711 µ-law, 8 kHz (hear what a phone hears)',
    'G.711 A-law, 8 kHz (hear what a phone hears)',
  ]);
  await user.selectOptions(screen.getByLabelText('Input format'), 'pcmu');
  await user.selectOptions(screen.getByLabelText('Output format'), 'pcma');
  await retype(user, 'Speed', '1.25');

  await user.selectOptions(screen.getByLabelText('Turn detection'), 'server_vad');
  await retype(user, 'Idle timeout (ms)', '6000');
  await user.click(screen.getByLabelText('Stop when the user talks'));
  await retype(user, 'Language', 'fr');
  await user.type(screen.getByLabelText('Transcription prompt'), 'city names');
  await user.click(screen.getByLabelText('Log probabilities'));

  await user.click(summary('Tools'));
  await user.selectOptions(screen.getByLabelText('Tool choice'), 'function');
  await user.type(screen.getByLabelText('Tool name'), 'get_weather');
  await user.selectOptions(screen.getByLabelText('Parallel tool calls'), 'off');

  await user.click(summary('Reasoning and context'));
  await user.selectOptions(screen.getByLabelText('Reasoning effort'), 'high');
  await user.selectOptions(screen.getByLabelText('Truncation'), 'retention_ratio');
  await retype(user, 'Retention ratio', '0.6');

  await user.click(summary('Prompt and tracing'));
  await user.type(screen.getByLabelText('Prompt id'), 'pmpt_42');
  await user.type(screen.getByLabelText('Prompt version'), '3');
  await user.click(screen.getByLabelText('Variables (JSON)'));
  await user.paste('{"city": "Paris"}');
  await user.selectOptions(screen.getByLabelText('Tracing'), 'custom');
  await user.type(screen.getByLabelText('Workflow name'), 'console');

  await user.click(apply());
  expect(applied).toHaveLength(1);
  const [session] = applied[0];
  expect(session.audio?.input).toMatchObject({
    format: { type: 'audio/pcmu' },
    turn_detection: { type: 'server_vad', idle_timeout_ms: 6000, create_response: true, interrupt_response: false },
    transcription: { model: 'gpt-4o-mini-transcribe', language: 'fr', prompt: 'city names' },
  });
  expect(session.audio?.output).toMatchObject({ format: { type: 'audio/pcma' }, speed: 1.25 });
  expect(session).toMatchObject({
    include: ['item.input_audio_transcription.logprobs'],
    tool_choice: { type: 'function', name: 'get_weather' },
    parallel_tool_calls: false,
    reasoning: { effort: 'high' },
    truncation: { type: 'retention_ratio', retention_ratio: 0.6 },
    prompt: { id: 'pmpt_42', version: '3', variables: { city: 'Paris' } },
    tracing: { workflow_name: 'console' },
  });
  expect(validateClientEvent({ type: 'session.update', session }).errors).toEqual([]);
});

test('invalid values are refused with their range, and a folded section says it has some', async () => {
  const { user } = setup();
  await user.click(summary('Audio format and speed'));
  await retype(user, 'Speed', '3');
  expect(screen.getByRole('alert')).toHaveTextContent('Enter a number from 0.25 to 1.5.');
  expect(screen.getByLabelText('Speed')).toHaveAttribute('aria-invalid', 'true');
  expect(screen.getByLabelText('Speed')).toHaveAccessibleDescription('Enter a number from 0.25 to 1.5.');
  expect(apply()).toBeDisabled();
  await user.click(summary('Audio format and speed')); // fold it: the problem stays visible
  expect(within(section('Audio format and speed')).getByText('1 to fix')).toBeInTheDocument();
  expect(screen.getByTestId('session-settings-invalid')).toHaveTextContent('1 field to fix before Apply.');

  await user.selectOptions(screen.getByLabelText('Turn detection'), 'server_vad');
  await retype(user, 'Idle timeout (ms)', '100');
  expect(screen.getByLabelText('Idle timeout (ms)')).toHaveAccessibleDescription('Enter a whole number from 5000 to 30000.');
  await retype(user, 'Idle timeout (ms)', ''); // empty: off, fine
  await user.click(summary('Audio format and speed'));
  await retype(user, 'Speed', '0.5');
  expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  expect(apply()).toBeEnabled();

  await user.click(summary('Prompt and tracing'));
  await user.type(screen.getByLabelText('Prompt version'), '2');
  expect(screen.getByRole('alert')).toHaveTextContent('Enter the prompt id: a version or variables need one.');
  await user.type(screen.getByLabelText('Prompt id'), 'pmpt_1');
  await user.click(screen.getByLabelText('Variables (JSON)'));
  await user.paste('{"n": 1}');
  expect(screen.getByRole('alert')).toHaveTextContent('Enter a JSON object of strings');
});

test('the new fields show what the server confirmed, ⚠ where it differs, counted on a folded section', () => {
  const asked: SessionSettings = { ...DEFAULT_SESSION_SETTINGS, outputFormat: 'pcmu', speed: 1.2, toolChoice: 'required', includeLogprobs: true };
  const confirmed = serverSession(asked, {
    tool_choice: 'auto',
    audio: { ...settingsToSession(asked).audio, output: { format: { type: 'audio/pcmu' }, voice: 'marin', speed: 1 } },
  });
  setup({ requested: asked, connected: true, confirmed });
  expect(screen.getByTestId('session-settings-status')).toHaveTextContent("The server's session differs on 2 fields.");
  expect(within(section('Audio format and speed')).getByText('⚠ 1 differ')).toBeInTheDocument();
  expect(within(section('Tools')).getByText('⚠ 1 differ')).toBeInTheDocument();
  expect(screen.getByTestId('server-includeLogprobs')).toHaveTextContent('✓ server: on');
});

test('inside a section: ✓ as asked, ⚠ with the server value, and model defaults shown without a verdict', async () => {
  const asked: SessionSettings = { ...DEFAULT_SESSION_SETTINGS, outputFormat: 'pcmu', speed: 1.2 };
  const confirmed = serverSession(asked, {
    reasoning: { effort: 'low' },
    audio: { ...settingsToSession(asked).audio, output: { format: { type: 'audio/pcmu' }, voice: 'marin', speed: 1 } },
  });
  const { user } = setup({ requested: asked, connected: true, confirmed });
  await user.click(summary('Audio format and speed'));
  expect(screen.getByTestId('server-outputFormat')).toHaveTextContent('✓ server: audio/pcmu');
  expect(screen.getByTestId('server-speed')).toHaveTextContent('⚠ server: 1');
  expect(screen.getByTestId('server-speed')).toHaveAttribute('title', 'asked 1.2');
  await user.click(summary('Reasoning and context'));
  expect(screen.getByTestId('server-reasoningEffort')).toHaveTextContent(/^server: low$/);
  expect(screen.getByTestId('server-truncation')).toHaveTextContent('✓ server: auto');
});

test('reasoning settings are for Realtime 2 models only', async () => {
  const { user, applied } = setup({ requested: { ...DEFAULT_SESSION_SETTINGS, model: 'gpt-realtime-1.5' } });
  await user.click(summary('Reasoning and context'));
  expect(screen.getByLabelText('Reasoning effort')).toBeDisabled();
  expect(screen.getByText('Only Realtime 2 models take this: not sent for gpt-realtime-1.5.')).toBeInTheDocument();
  await retype(user, 'Model', 'gpt-realtime-2');
  expect(screen.getByLabelText('Reasoning effort')).toBeEnabled();
  await user.selectOptions(screen.getByLabelText('Reasoning effort'), 'minimal');
  await user.click(apply());
  expect(applied[0][0].reasoning).toEqual({ effort: 'minimal' });
});

test('a retired model is refused with its date and a current model; a deprecated one is marked', async () => {
  const { user } = setup();
  expect(screen.getByLabelText('Model')).toHaveValue('gpt-realtime-2.1');
  const offered = suggestions(screen.getByLabelText('Model'));
  expect(offered).toContain('gpt-realtime-2.1-mini');
  expect(offered.filter((model) => model?.includes('preview'))).toEqual([]);
  await retype(user, 'Model', 'gpt-4o-realtime-preview-2025-06-03');
  expect(screen.getByRole('alert')).toHaveTextContent('gpt-4o-realtime-preview-2025-06-03 was shut down (2026-05-07): choose a current model, e.g. gpt-realtime-1.5.');
  expect(apply()).toBeDisabled();
  await retype(user, 'Model', 'gpt-realtime-mini');
  expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  expect(screen.getByTestId('model-deprecated')).toHaveTextContent('Deprecated: stops working on 2027-01-20; OpenAI points to gpt-realtime-2.1-mini.');
});

test('a forced tool choice offers the confirmed session’s function names', async () => {
  const tools = [
    { type: 'function', name: 'get_weather', description: '', parameters: {} },
    { type: 'function', name: 'set_memory', description: '', parameters: {} },
  ];
  const { user } = setup({ connected: true, confirmed: serverSession(DEFAULT_SESSION_SETTINGS, { tools }) });
  await user.click(summary('Tools'));
  await user.selectOptions(screen.getByLabelText('Tool choice'), 'function');
  expect(suggestions(screen.getByLabelText('Tool name'))).toEqual(['get_weather', 'set_memory']);
  expect(screen.getByRole('alert')).toHaveTextContent('Enter the function to call.');
});
