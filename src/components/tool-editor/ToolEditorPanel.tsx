// The tool editor: the session's function tools and MCP servers, added from templates, edited,
// removed, exported and imported as JSON; saved ones go to the session at once when connected.
// Under them wait the calls answered by hand and the MCP calls asking for approval.
import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import type { ItemState } from '../../lib/realtime';
import { ManualCallsPanel } from './ManualCallsPanel';
import { McpApprovalsPanel } from './McpApprovalsPanel';
import { McpServersSection } from './McpServersSection';
import { ToolForm } from './ToolForm';
import { parseToolsFile, TEMPLATES, toolProblems, toolsFile, type EditableTool } from './toolModel';
import type { ToolEditor } from './useToolEditor';
import './ToolEditor.scss';

// Said as how calls are answered: a bare "built-in" beside the name read as a kind of tool.
const ANSWER_LABEL = { 'built-in': 'answered built-in', fixed: 'answered with a fixed reply', 'by-hand': 'answered by hand' } as const;
const BLANK: EditableTool = { name: '', description: '', parameters: '{\n  "type": "object",\n  "properties": {}\n}', answer: 'by-hand', fixedOutput: '{}' };

export interface ToolEditorPanelProps {
  editor: ToolEditor;
  /** The conversation: MCP listings and approval requests are among its items. */
  items?: readonly ItemState[];
  connected?: boolean;
  /** Changed by the page to move the focus here (the settings' link); 0: never. */
  focusRequest?: number;
}

export function ToolEditorPanel({ editor, items = [], connected = false, focusRequest = 0 }: ToolEditorPanelProps) {
  const { tools, save, servers, saveServers } = editor;
  const [editing, setEditing] = useState<{ index: number; tool: EditableTool } | null>(null);
  const [template, setTemplate] = useState('blank');
  // What the last action did; a removal can be undone (the tool is gone from the session at once).
  const [notice, setNotice] = useState<{ text: string; undo?: readonly EditableTool[] } | null>(null);
  const reaches = connected ? 'sent to the session (session.update)' : 'sent when you connect';
  const fileInput = useRef<HTMLInputElement>(null);
  const section = useRef<HTMLElement>(null);
  // After the render that showed the panel: a hidden element cannot take the focus.
  useEffect(() => {
    if (focusRequest > 0) section.current?.focus();
  }, [focusRequest]);

  const others = (index: number) => tools.filter((_, i) => i !== index);
  const onSave = (tool: EditableTool) => {
    if (!editing) return;
    save(editing.index < 0 ? [...tools, tool] : tools.map((entry, i) => (i === editing.index ? tool : entry)));
    setEditing(null);
    setNotice({ text: `${tool.name} saved: ${reaches}.` });
  };
  const onRemove = (index: number) => {
    const before = tools;
    save(tools.filter((_, i) => i !== index));
    setNotice({ text: `${tools[index].name} removed: ${reaches}.`, undo: before });
  };
  const onExport = () => {
    const url = URL.createObjectURL(new Blob([toolsFile(tools, servers)], { type: 'application/json' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'realtime-tools.json';
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  };
  const onImport = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    const parsed = parseToolsFile(await file.text());
    if ('error' in parsed) {
      setNotice({ text: `${file.name}: ${parsed.error}` });
      return;
    }
    save(parsed.tools);
    saveServers(parsed.servers);
    setNotice({ text: `${parsed.tools.length} tools and ${parsed.servers.length} MCP servers imported from ${file.name}: ${reaches}.` });
  };

  return (
    <section id="tool-editor" ref={section} tabIndex={-1} className="panel tool-editor" aria-label="Tool editor" data-testid="tool-editor">
      <header className="panel__header">
        <h2>Tools in the session</h2>
        <span className="tool-editor__file">
          <button type="button" className="button button--small" onClick={onExport}>Export</button>
          <button type="button" className="button button--small" onClick={() => fileInput.current?.click()}>Import…</button>
          <input ref={fileInput} type="file" accept=".json,application/json" hidden onChange={onImport} aria-label="Import tools" data-testid="tools-import" />
        </span>
      </header>
      <div className="tool-editor__notice">
        {/* Always in the page, so screen readers hear it change. */}
        <p role="status" data-testid="tool-editor-notice">{notice?.text}</p>
        {notice?.undo && (
          <button
            type="button"
            className="button button--small"
            onClick={() => {
              if (notice.undo) save(notice.undo);
              setNotice({ text: `Removal undone: ${reaches}.` });
            }}
          >
            Undo
          </button>
        )}
      </div>
      <ul className="tool-editor__list">
        {tools.map((tool, index) => {
          const problems = toolProblems(tool, others(index));
          return (
            <li key={`${tool.name}-${index}`} className="tool-editor__tool" data-testid="tool-row" data-name={tool.name}>
              <code>{tool.name}</code> <span className="tool-editor__mode">{ANSWER_LABEL[tool.answer]}</span>
              {problems.length > 0 && <span className="tool-editor__problem" title={problems.join('; ')}> not sent: {problems[0]}</span>}
              <span className="tool-editor__actions">
                <button type="button" className="button button--small" onClick={() => setEditing({ index, tool })} aria-label={`Edit ${tool.name}`} data-testid="tool-edit">Edit</button>
                <button type="button" className="button button--small" onClick={() => onRemove(index)} aria-label={`Remove ${tool.name}`}>Remove</button>
              </span>
            </li>
          );
        })}
      </ul>
      {editing ? (
        <ToolForm key={`${editing.index}-${editing.tool.name}`} initial={editing.tool} others={others(editing.index)} onSave={onSave} onCancel={() => setEditing(null)} />
      ) : (
        <p className="tool-editor__add">
          <select value={template} onChange={(event) => setTemplate(event.target.value)} aria-label="Template" data-testid="tool-template">
            <option value="blank">New tool</option>
            {Object.keys(TEMPLATES).map((name) => <option key={name} value={name}>Template: {TEMPLATES[name].name}</option>)}
          </select>
          <button type="button" className="button button--small" onClick={() => setEditing({ index: -1, tool: template === 'blank' ? BLANK : TEMPLATES[template] })} data-testid="tool-add">Add</button>
        </p>
      )}
      <McpServersSection servers={servers} save={saveServers} items={items} />
      <ManualCallsPanel store={editor.manual} />
      <McpApprovalsPanel store={editor.approvals} items={items} connected={connected} />
    </section>
  );
}
