import { useState } from 'react';
import type { LiveSessionConfig } from '../../lib/live';
import { LIVE_CONSOLE_TOOLS } from '../../tools/live-console-tools';

export interface LiveStartChoices {
  model: string;
  voice: string;
  instructions: string;
  delegation: 'client' | 'responses';
  backendModel: string;
  /** `store: true`: the session is kept when it closes, to fork later (live.d.ts SessionConfig.store). */
  store: boolean;
}

export const DEFAULT_LIVE_CHOICES: LiveStartChoices = { model: 'gpt-live-1', voice: 'marin', instructions: '', delegation: 'responses', backendModel: 'gpt-5.5', store: false };

/** The `session` of `session.start` for these choices (Responses delegation gets the console's tools). */
export function liveSessionFor(choices: LiveStartChoices): LiveSessionConfig {
  const session: LiveSessionConfig = { model: choices.model, audio: { format: { type: 'audio/pcm', rate: 24000 }, output: { voice: choices.voice } } };
  if (choices.instructions.trim()) session.instructions = choices.instructions;
  if (choices.store) session.store = true;
  session.delegation =
    choices.delegation === 'responses' ? { type: 'responses', responses: { model: choices.backendModel, tools: [...LIVE_CONSOLE_TOOLS] } } : { type: 'client' };
  return session;
}

export interface LiveStartFormProps {
  /** Locked once the session started: Live fixes model, voice, instructions and format at start. */
  locked: boolean;
  onStart: (choices: LiveStartChoices) => void;
}

export function LiveStartForm({ locked, onStart }: LiveStartFormProps) {
  const [choices, setChoices] = useState(DEFAULT_LIVE_CHOICES);
  const set = <K extends keyof LiveStartChoices>(key: K, value: LiveStartChoices[K]) => setChoices((c) => ({ ...c, [key]: value }));
  return (
    <form
      className="live-start"
      aria-label="Live session start-up"
      onSubmit={(e) => {
        e.preventDefault();
        if (!locked) onStart(choices);
      }}
    >
      <fieldset disabled={locked}>
        <label>
          Model{' '}
          <select value={choices.model} onChange={(e) => set('model', e.target.value)}>
            <option value="gpt-live-1">gpt-live-1</option>
            <option value="gpt-live-1.1">gpt-live-1.1</option>
          </select>
        </label>
        <label>
          Voice <input value={choices.voice} onChange={(e) => set('voice', e.target.value)} />
        </label>
        <label>
          Delegation{' '}
          <select value={choices.delegation} onChange={(e) => set('delegation', e.target.value as LiveStartChoices['delegation'])}>
            <option value="responses">Responses (tools run in this console)</option>
            <option value="client">Client (answer with commentary)</option>
          </select>
        </label>
        {choices.delegation === 'responses' && (
          <label>
            Backend model <input value={choices.backendModel} onChange={(e) => set('backendModel', e.target.value)} />
          </label>
        )}
        <label>
          Instructions <textarea value={choices.instructions} onChange={(e) => set('instructions', e.target.value)} rows={2} />
        </label>
        <label>
          <input type="checkbox" checked={choices.store} onChange={(e) => set('store', e.target.checked)} /> Store (to fork later)
        </label>
        <button type="submit">Start Live session</button>
      </fieldset>
      {locked && <p className="live-start__locked">Fixed for this session (Live sets them at start).</p>}
    </form>
  );
}
