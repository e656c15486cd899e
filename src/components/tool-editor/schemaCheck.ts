// The checks that need the validator (Ajv and the protocol schema, loaded on first use in their
// own chunk): the parameters are a valid JSON Schema (Ajv's meta-schema), and the tool as sent
// in session.update (a function or an MCP server) passes the protocol's strict client check.
import Ajv from 'ajv';
import { validateClientEvent } from '../../lib/protocol/validate';
import { toMcpDefinition, type EditableMcpServer } from './mcpModel';
import { toDefinition, type EditableTool } from './toolModel';

const ajv = new Ajv({ strict: false });

/** Problems only the validator finds; call for a tool toolProblems() passed. */
export function schemaProblems(tool: EditableTool): string[] {
  const problems: string[] = [];
  const parameters: unknown = JSON.parse(tool.parameters);
  if (!ajv.validateSchema(parameters as object)) problems.push(`parameters: not a valid JSON Schema (${ajv.errorsText(ajv.errors, { dataVar: 'schema' })})`);
  const result = validateClientEvent({ type: 'session.update', session: { type: 'realtime', tools: [toDefinition(tool)] } });
  for (const error of result.errors) problems.push(`session.update: ${error}`);
  return problems;
}

/** The strict session.update check of an MCP server; call for a server mcpProblems() passed. */
export function mcpSchemaProblems(server: EditableMcpServer): string[] {
  const result = validateClientEvent({ type: 'session.update', session: { type: 'realtime', tools: [toMcpDefinition(server)] } });
  return result.errors.map((error) => `session.update: ${error}`);
}
