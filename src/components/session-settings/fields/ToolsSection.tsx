// Which tool the model must (or must not) call, and whether it may call several at once. The
// tools themselves (functions and MCP servers) have one editor, the tool editor: this links to it.
import { isReasoningModel } from '../../../lib/protocol/models';
import { Hint, SelectControl, TextControl } from '../controls';
import { controlId, useSettingsForm } from '../SettingsForm';
import { SettingsSection } from '../SettingsSection';
import type { ParallelToolCalls, ToolChoiceMode } from '../sessionSettings';

const CHOICES: ReadonlyArray<readonly [ToolChoiceMode, string]> = [
  ['auto', 'auto (the model decides)'],
  ['none', 'none (no tools)'],
  ['required', 'required (some tool)'],
  ['function', 'a function…'],
  ['mcp', 'an MCP tool…'],
];
const PARALLEL: ReadonlyArray<readonly [ParallelToolCalls, string]> = [
  ['default', "model's default (not sent)"],
  ['on', 'yes'],
  ['off', 'no'],
];

function Names({ id, names }: { id: string; names: readonly string[] }) {
  return (
    <datalist id={id}>
      {names.map((name) => (
        <option key={name} value={name} />
      ))}
    </datalist>
  );
}

export function ToolsSection() {
  const form = useSettingsForm();
  const { draft, tools } = form;
  const namesId = `${controlId(form, 'toolChoiceName')}-list`;
  const serversId = `${controlId(form, 'toolChoiceServer')}-list`;
  return (
    <SettingsSection title="Tools" fields={['toolChoice', 'toolChoiceName', 'toolChoiceServer', 'parallelToolCalls']}>
      <Hint testId="tools-editor-link">
        Function tools and MCP servers are edited in{' '}
        <a
          href="#tool-editor"
          onClick={(event) => {
            // The editor may be in a hidden tab (phone, tablet): the page shows it and focuses it.
            if (!form.showToolEditor) return;
            event.preventDefault();
            form.showToolEditor();
          }}
        >
          Tools in the session
        </a>
        .
      </Hint>
      <SelectControl name="toolChoice" options={CHOICES} />
      {draft.toolChoice === 'mcp' && <TextControl name="toolChoiceServer" list={serversId} placeholder="server_label" />}
      {(draft.toolChoice === 'function' || draft.toolChoice === 'mcp') && (
        <TextControl name="toolChoiceName" list={namesId} placeholder={draft.toolChoice === 'mcp' ? 'any tool of the server' : 'e.g. get_weather'} />
      )}
      <Names id={namesId} names={draft.toolChoice === 'function' ? tools.functions : []} />
      <Names id={serversId} names={tools.mcpServers} />
      <SelectControl
        name="parallelToolCalls"
        options={PARALLEL}
        disabled={!isReasoningModel(draft.model)}
        hint={isReasoningModel(draft.model) ? undefined : <Hint>Only Realtime 2 models take this: not sent for {draft.model}.</Hint>}
      />
    </SettingsSection>
  );
}
