// Compile-time only (tsconfig.node.json, which can read the SDK's declarations; nothing imports
// this file): the SDK must fit the types mcp-client-sdk.ts declares for it, so an SDK upgrade
// that changes them fails the typecheck instead of the simulator at run time.
import type * as sdk from '@modelcontextprotocol/client';
import type { McpClientSdk } from './mcp-client-sdk';

type Fits<Actual, Declared> = Actual extends Declared ? true : false;

export const sdkFitsItsSeam: [
  Fits<typeof sdk.Client, McpClientSdk['Client']>,
  Fits<typeof sdk.StreamableHTTPClientTransport, McpClientSdk['StreamableHTTPClientTransport']>,
  Fits<typeof sdk.ProtocolError, McpClientSdk['ProtocolError']>,
  Fits<typeof sdk.SdkHttpError, McpClientSdk['SdkHttpError']>,
] = [true, true, true, true];
