// The session's MCP servers in the tool editor: each with how it is reached, its approval
// policy and what its last listing found; added (blank or the simulator's own), edited, removed.
import { useState } from 'react';
import type { ItemState } from '../../lib/realtime';
import { McpServerForm } from './McpServerForm';
import { BLANK_MCP_SERVER, mcpProblems, SIMULATOR_MCP_SERVER, type EditableMcpServer } from './mcpModel';

const APPROVAL_LABEL = { always: 'asks first', never: 'runs unasked', 'per-tool': 'asks for some' } as const;

/** What the session's last listing of this server says, from the conversation's items. */
function listing(items: readonly ItemState[], label: string): string | null {
  for (let i = items.length - 1; i >= 0; i--) {
    const mcp = items[i].mcp;
    if (mcp?.kind !== 'list_tools' || mcp.serverLabel !== label) continue;
    if (mcp.status === 'failed') return 'listing failed';
    if (mcp.status === 'in_progress') return 'listing…';
    return mcp.tools.length ? `tools: ${mcp.tools.map((tool) => tool.name).join(', ')}` : 'no tools';
  }
  return null;
}

export interface McpServersSectionProps {
  servers: readonly EditableMcpServer[];
  save(servers: readonly EditableMcpServer[]): void;
  items: readonly ItemState[];
}

export function McpServersSection({ servers, save, items }: McpServersSectionProps) {
  const [editing, setEditing] = useState<{ index: number; server: EditableMcpServer } | null>(null);
  const [start, setStart] = useState<'blank' | 'simulator'>('blank');
  const others = (index: number) => servers.filter((_, i) => i !== index);
  const onSave = (server: EditableMcpServer) => {
    if (!editing) return;
    save(editing.index < 0 ? [...servers, server] : servers.map((entry, i) => (i === editing.index ? server : entry)));
    setEditing(null);
  };
  return (
    <div className="tool-editor__mcp" role="group" aria-labelledby="tool-editor-mcp-title" data-testid="mcp-servers">
      <h3 id="tool-editor-mcp-title" className="tool-editor__subtitle">MCP servers</h3>
      <ul className="tool-editor__list">
        {servers.map((server, index) => {
          const problems = mcpProblems(server, others(index));
          const found = listing(items, server.label);
          return (
            <li key={`${server.label}-${index}`} className="tool-editor__tool" data-testid="mcp-row" data-label={server.label}>
              <code>{server.label}</code> <span className="tool-editor__mode">{server.via === 'url' ? server.url : server.connectorId}</span>{' '}
              <span className="tool-editor__mode">{APPROVAL_LABEL[server.approval]}</span>
              {found && <span className="tool-editor__mode" data-testid="mcp-listing">{found}</span>}
              {problems.length > 0 && <span className="tool-editor__problem" title={problems.join('; ')}> not sent: {problems[0]}</span>}
              <span className="tool-editor__actions">
                <button type="button" className="button button--small" onClick={() => setEditing({ index, server })} aria-label={`Edit MCP server ${server.label}`} data-testid="mcp-edit">Edit</button>
                <button type="button" className="button button--small" onClick={() => save(servers.filter((_, i) => i !== index))} aria-label={`Remove MCP server ${server.label}`}>Remove</button>
              </span>
            </li>
          );
        })}
      </ul>
      {editing ? (
        <McpServerForm key={`${editing.index}-${editing.server.label}`} initial={editing.server} others={others(editing.index)} onSave={onSave} onCancel={() => setEditing(null)} />
      ) : (
        <p className="tool-editor__add">
          <select value={start} onChange={(event) => setStart(event.target.value as 'blank' | 'simulator')} aria-label="MCP server to add" data-testid="mcp-template">
            <option value="blank">New MCP server</option>
            <option value="simulator">The simulator’s sim://tools</option>
          </select>
          <button type="button" className="button button--small" onClick={() => setEditing({ index: -1, server: start === 'blank' ? BLANK_MCP_SERVER : SIMULATOR_MCP_SERVER })} data-testid="mcp-add">Add</button>
        </p>
      )}
    </div>
  );
}
