// A real MCP server on this machine, reached over Streamable HTTP with the official MCP client
// (@modelcontextprotocol/client): it lists the server's tools and calls them. Every URL is
// checked by loopback-url.ts first; the simulator reaches nothing else.
import type { RealtimeMcpListTools } from 'openai/resources/realtime/realtime';
import { checkLoopbackUrl, loopbackFetch } from './loopback-url';
import { loadMcpClientSdk, type McpClientSdk, type McpSdkCallResult } from './mcp-client-sdk';
import type { McpCallResult, McpToolSource } from './mcp-server';

/** How long one MCP request (connect, list, call) may take before it counts as failed. */
export const MCP_REQUEST_TIMEOUT_MS = 10_000;

export interface RemoteServerOptions {
  serverUrl: string | undefined;
  /** `headers` of the tool config, sent with every request. */
  headers?: Readonly<Record<string, string>> | null;
  /** `authorization` of the tool config: an OAuth access token, sent as `Authorization: Bearer`. */
  authorization?: string;
  timeoutMs?: number;
}

/** Connects (the MCP handshake) to a loopback server; rejects with a readable reason. */
export async function connectRemoteServer(options: RemoteServerOptions): Promise<McpToolSource> {
  const checked = await checkLoopbackUrl(options.serverUrl);
  if ('error' in checked) throw new Error(checked.error);
  const timeout = options.timeoutMs ?? MCP_REQUEST_TIMEOUT_MS;
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.authorization) headers.Authorization = `Bearer ${options.authorization}`;
  const { Client, StreamableHTTPClientTransport } = await loadMcpClientSdk();
  const transport = new StreamableHTTPClientTransport(checked.url, { fetch: loopbackFetch(), redirectPolicy: 'same-origin', requestInit: { headers } });
  const client = new Client({ name: 'realtime-simulator', version: '1.0.0' });
  try {
    await client.connect(transport, { timeout });
  } catch (error) {
    await client.close().catch(() => undefined);
    throw new Error(readable(error));
  }
  return {
    async list() {
      const tools: RealtimeMcpListTools.Tool[] = [];
      let cursor: string | undefined;
      do {
        const page = await client.listTools(cursor ? { cursor } : undefined, { timeout });
        for (const tool of page.tools) {
          tools.push({ name: tool.name, description: tool.description ?? null, input_schema: tool.inputSchema, ...(tool.annotations ? { annotations: tool.annotations } : {}) });
        }
        cursor = page.nextCursor;
      } while (cursor);
      return tools;
    },
    async call(name, args) {
      try {
        return resultOf(await client.callTool({ name, arguments: args }, { timeout }));
      } catch (error) {
        return { error: callErrorOf(error, await loadMcpClientSdk()) };
      }
    },
    close: () => void client.close().catch(() => undefined),
  };
}

/** A tool's result as the Realtime item carries it: its text, or an execution error. */
function resultOf(result: McpSdkCallResult): McpCallResult {
  const texts = result.content.flatMap((block) => (block.type === 'text' && typeof block.text === 'string' ? [block.text] : []));
  const text = texts.length ? texts.join('\n') : result.structuredContent !== undefined ? JSON.stringify(result.structuredContent) : '';
  if (result.isError) return { error: { type: 'tool_execution_error', message: text || 'The tool reported an error.' } };
  return { output: text };
}

type CallError = Extract<McpCallResult, { error: unknown }>['error'];

/** JSON-RPC errors are protocol errors, HTTP failures http errors (the Realtime item's three kinds). */
function callErrorOf(error: unknown, { SdkHttpError, ProtocolError }: McpClientSdk): CallError {
  if (error instanceof SdkHttpError) return { type: 'http_error', code: error.status, message: error.message };
  if (error instanceof ProtocolError) return { type: 'protocol_error', code: error.code, message: error.message };
  return { type: 'tool_execution_error', message: readable(error) };
}

export function readable(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    const because = cause instanceof Error && cause.message && !error.message.includes(cause.message) ? ` (${cause.message})` : '';
    return `${error.message}${because}`;
  }
  return String(error);
}
