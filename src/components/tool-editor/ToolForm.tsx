// Edits one tool; problems show as the user types (the JSON Schema meta-check and the strict
// session.update check join once the validator has loaded).
import type { FormEvent } from 'react';
import { BUILT_IN_TOOLS, toolProblems, type AnswerMode, type EditableTool } from './toolModel';
import { useCheckedDraft } from './useCheckedDraft';

export interface ToolFormProps {
  initial: EditableTool;
  others: readonly EditableTool[];
  onSave(tool: EditableTool): void;
  onCancel(): void;
}

const MODES: Array<[AnswerMode, string]> = [['built-in', 'Built-in handler'], ['fixed', 'Fixed JSON reply'], ['by-hand', 'By hand']];

export function ToolForm({ initial, others, onSave, onCancel }: ToolFormProps) {
  const { draft: tool, set, problems, checked: check } = useCheckedDraft(initial, (draft) => toolProblems(draft, others), (module) => module.schemaProblems);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (problems.length === 0) onSave(tool);
  };
  return (
    <form className="tool-form" onSubmit={submit} aria-label={`Edit tool ${initial.name || '(new)'}`} data-testid="tool-form">
      <label>
        Name
        <input value={tool.name} onChange={(event) => set({ name: event.target.value })} data-testid="tool-name" />
      </label>
      <label>
        Description
        <textarea rows={2} value={tool.description} onChange={(event) => set({ description: event.target.value })} data-testid="tool-description" />
      </label>
      <label>
        Parameters (JSON Schema)
        <textarea rows={8} spellCheck={false} className="tool-form__code" value={tool.parameters} onChange={(event) => set({ parameters: event.target.value })} data-testid="tool-parameters" />
      </label>
      <fieldset className="tool-form__modes">
        <legend>Answered by</legend>
        {MODES.map(([mode, label]) => (
          <label key={mode}>
            <input type="radio" name="answer" checked={tool.answer === mode} disabled={mode === 'built-in' && !BUILT_IN_TOOLS.includes(tool.name)} onChange={() => set({ answer: mode })} data-testid={`tool-answer-${mode}`} />
            {label}
          </label>
        ))}
      </fieldset>
      {tool.answer === 'fixed' && (
        <label>
          Reply (JSON)
          <textarea rows={3} spellCheck={false} className="tool-form__code" value={tool.fixedOutput} onChange={(event) => set({ fixedOutput: event.target.value })} data-testid="tool-fixed-output" />
        </label>
      )}
      {problems.length > 0 ? (
        <ul className="tool-form__problems" aria-live="polite" data-testid="tool-problems">
          {problems.map((problem) => <li key={problem}>{problem}</li>)}
        </ul>
      ) : (
        <p className="tool-form__ok" aria-live="polite">{check ? 'Valid: ready to send in session.update.' : 'Checking the schema…'}</p>
      )}
      <div className="tool-form__actions">
        <button type="submit" className="button button--small button--primary" disabled={problems.length > 0 || !check} data-testid="tool-save">Save</button>
        <button type="button" className="button button--small" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}
