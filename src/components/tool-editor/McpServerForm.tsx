// Edits one MCP server; problems show as the user types (the strict session.update check joins
// once the validator has loaded). Headers and token are secrets: see mcpStorage.ts.
import { useId, type FormEvent } from 'react';
import { CONNECTORS, mcpProblems, type ApprovalPolicy, type ConnectorId, type EditableMcpServer } from './mcpModel';
import { useCheckedDraft } from './useCheckedDraft';

export interface McpServerFormProps {
  initial: EditableMcpServer;
  others: readonly EditableMcpServer[];
  onSave(server: EditableMcpServer): void;
  onCancel(): void;
}

const POLICIES: Array<[ApprovalPolicy, string]> = [['always', 'Always ask'], ['never', 'Never ask'], ['per-tool', 'Ask, except for some tools']];

export function McpServerForm({ initial, others, onSave, onCancel }: McpServerFormProps) {
  const id = useId();
  const { draft: server, set, problems, checked: check } = useCheckedDraft(initial, (draft) => mcpProblems(draft, others), (module) => module.mcpSchemaProblems);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (problems.length === 0) onSave(server);
  };
  return (
    <form className="tool-form" onSubmit={submit} aria-label={`Edit MCP server ${initial.label || '(new)'}`} data-testid="mcp-form">
      <label>
        Label (server_label)
        <input value={server.label} onChange={(event) => set({ label: event.target.value })} data-testid="mcp-label" />
      </label>
      <fieldset className="tool-form__modes">
        <legend>Reached by</legend>
        <label>
          <input type="radio" name={`${id}-via`} checked={server.via === 'url'} onChange={() => set({ via: 'url' })} /> URL
        </label>
        <label>
          <input type="radio" name={`${id}-via`} checked={server.via === 'connector'} onChange={() => set({ via: 'connector' })} /> Connector
        </label>
      </fieldset>
      {server.via === 'url' ? (
        <label>
          URL (server_url)
          <input value={server.url} onChange={(event) => set({ url: event.target.value })} placeholder="https://example.com/mcp" aria-describedby={`${id}-url-hint`} data-testid="mcp-url" />
          <span id={`${id}-url-hint`} className="tool-form__hint">
            OpenAI reaches public servers. The simulator answers sim://tools itself and reaches loopback servers only.
          </span>
        </label>
      ) : (
        <label>
          Connector (connector_id, deprecated by OpenAI for newer models)
          <select value={server.connectorId} onChange={(event) => set({ connectorId: event.target.value as ConnectorId })} data-testid="mcp-connector">
            {CONNECTORS.map((connector) => <option key={connector} value={connector}>{connector}</option>)}
          </select>
        </label>
      )}
      <label>
        Description (optional)
        <input value={server.description} onChange={(event) => set({ description: event.target.value })} data-testid="mcp-description" />
      </label>
      <label>
        Allowed tools (names, comma-separated; empty: all)
        <input value={server.allowedTools} onChange={(event) => set({ allowedTools: event.target.value })} data-testid="mcp-allowed" />
      </label>
      <fieldset className="tool-form__modes">
        <legend>Approval (require_approval)</legend>
        {POLICIES.map(([policy, label]) => (
          <label key={policy}>
            <input type="radio" name={`${id}-approval`} checked={server.approval === policy} onChange={() => set({ approval: policy })} data-testid={`mcp-approval-${policy}`} />
            {label}
          </label>
        ))}
      </fieldset>
      {server.approval === 'per-tool' && (
        <label>
          Tools that run without asking
          <input value={server.unaskedTools} onChange={(event) => set({ unaskedTools: event.target.value })} data-testid="mcp-unasked" />
        </label>
      )}
      <label>
        Headers (Name: value, one a line)
        <textarea rows={2} spellCheck={false} className="tool-form__code" value={server.headers} onChange={(event) => set({ headers: event.target.value })} aria-describedby={`${id}-secrets`} data-testid="mcp-headers" />
      </label>
      <label>
        Authorization (OAuth access token)
        <input type="password" autoComplete="off" value={server.authorization} onChange={(event) => set({ authorization: event.target.value })} aria-describedby={`${id}-secrets`} data-testid="mcp-authorization" />
      </label>
      <p id={`${id}-secrets`} className="tool-form__hint">
        Headers and token are kept for this tab only, and left out of exports and the event log.
      </p>
      {problems.length > 0 ? (
        <ul className="tool-form__problems" aria-live="polite" data-testid="mcp-problems">
          {problems.map((problem) => <li key={problem}>{problem}</li>)}
        </ul>
      ) : (
        <p className="tool-form__ok" aria-live="polite">{check ? 'Valid: ready to send in session.update.' : 'Checking…'}</p>
      )}
      <div className="tool-form__actions">
        <button type="submit" className="button button--small button--primary" disabled={problems.length > 0 || !check} data-testid="mcp-save">Save</button>
        <button type="button" className="button button--small" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}
