// The part of the official MCP client (@modelcontextprotocol/client) the simulator uses, loaded
// on first use (a session without a loopback MCP server never loads it). The specifier is not a
// literal, so TypeScript does not read the SDK's declarations here: they pull in zod 4's, which
// TypeScript 4.9 cannot parse, and tsconfig.json (which reaches the simulator through the
// client's simulator tests under src/) cannot alias zod the way tsconfig.node.json does, because
// react-scripts refuses `paths`. mcp-client-sdk.check.ts holds these types to the SDK's own.

export interface McpSdkRequestOptions {
  timeout: number;
}

export interface McpSdkTool {
  name: string;
  description?: string;
  inputSchema: object;
  annotations?: object;
}

export interface McpSdkCallResult {
  content: Array<{ type: string; text?: unknown }>;
  structuredContent?: unknown;
  isError?: boolean;
}

export interface McpSdkClient {
  connect(transport: McpSdkTransport, options?: McpSdkRequestOptions): Promise<void>;
  listTools(params: { cursor: string } | undefined, options?: McpSdkRequestOptions): Promise<{ tools: McpSdkTool[]; nextCursor?: string }>;
  callTool(params: { name: string; arguments: Record<string, unknown> }, options?: McpSdkRequestOptions): Promise<McpSdkCallResult>;
  close(): Promise<void>;
}

export interface McpSdkTransport {
  close(): Promise<void>;
}

export interface McpSdkTransportOptions {
  fetch: (input: string | URL, init?: RequestInit) => Promise<Response>;
  redirectPolicy: 'same-origin' | 'follow';
  requestInit: RequestInit;
}

export interface McpClientSdk {
  Client: new (info: { name: string; version: string }) => McpSdkClient;
  StreamableHTTPClientTransport: new (url: URL, options: McpSdkTransportOptions) => McpSdkTransport;
  /** A JSON-RPC error the server answered. */
  ProtocolError: new (code: number, message: string) => Error & { readonly code: number };
  /** An HTTP status the server answered. */
  SdkHttpError: abstract new (...args: never[]) => Error & { readonly status: number };
}

const SDK_MODULE: string = '@modelcontextprotocol/client';
let loading: Promise<McpClientSdk> | null = null;

export function loadMcpClientSdk(): Promise<McpClientSdk> {
  loading ??= import(SDK_MODULE) as Promise<McpClientSdk>;
  return loading;
}
