// A tiny real MCP server on loopback for tests: the official server SDK
// (@modelcontextprotocol/server) behind node's http server, over Streamable HTTP. Its one tool,
// `order_status`, answers from a fixed table, so a test can tell the tool's output in a reply.
// It records the auth headers it received, to prove the tool config's secrets reached it.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMcpHandler, Server } from '@modelcontextprotocol/server';

export const ORDERS: Readonly<Record<string, string>> = {
  'A-1042': 'Order A-1042 shipped on Monday and arrives in 2 days.',
  'B-7': 'Order B-7 is waiting for stock.',
};

export const ORDER_STATUS_TOOL = {
  name: 'order_status',
  description: 'The delivery status of an order, by its number.',
  inputSchema: { type: 'object' as const, properties: { order_number: { type: 'string', description: 'e.g. "A-1042"' } }, required: ['order_number'] },
  annotations: { readOnlyHint: true },
};

export interface McpTestServer {
  /** The MCP endpoint, e.g. http://127.0.0.1:PORT/mcp */
  url: string;
  /** `Authorization` and `X-Test` headers of every request, in order. */
  seen: Array<{ authorization?: string; xTest?: string }>;
  /** Tools called, with their arguments. */
  calls: Array<{ name: string; args: Record<string, unknown> }>;
  close(): Promise<void>;
}

function buildServer(calls: McpTestServer['calls']): Server {
  const server = new Server({ name: 'realtime-console-test', version: '1.0.0' }, { capabilities: { tools: {} } });
  server.setRequestHandler('tools/list', () => ({ tools: [ORDER_STATUS_TOOL] }));
  server.setRequestHandler('tools/call', (request) => {
    const args = (request.params.arguments ?? {}) as Record<string, unknown>;
    calls.push({ name: request.params.name, args });
    if (request.params.name !== ORDER_STATUS_TOOL.name) return { content: [{ type: 'text', text: `No tool ${request.params.name}.` }], isError: true };
    const status = ORDERS[String(args.order_number)];
    if (!status) return { content: [{ type: 'text', text: `No order ${String(args.order_number)}.` }], isError: true };
    return { content: [{ type: 'text', text: status }] };
  });
  return server;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Starts the server on 127.0.0.1 (a free port unless `port` is given). */
export async function startMcpTestServer(port = 0): Promise<McpTestServer> {
  const seen: McpTestServer['seen'] = [];
  const calls: McpTestServer['calls'] = [];
  const handler = createMcpHandler(() => buildServer(calls));
  const bridge = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    seen.push({ authorization: req.headers.authorization, xTest: req.headers['x-test'] as string | undefined });
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
    const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await readBody(req);
    const response = await handler.fetch(new Request(`http://${req.headers.host}${req.url}`, { method: req.method, headers, body }));
    const out: Record<string, string> = {};
    response.headers.forEach((value, name) => (out[name] = value));
    res.writeHead(response.status, out);
    if (response.body) for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) res.write(chunk);
    res.end();
  };
  const http = createServer((req, res) => {
    bridge(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
  const { port: bound } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}/mcp`,
    seen,
    calls,
    close: async () => {
      await handler.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
