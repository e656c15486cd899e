// Testing without a socket: a transport that records and a server that answers by script.
// `new RealtimeClient({ transport: new ScriptedTransport(scriptedServer()) })`.
export { ScriptedTransport, type ScriptedCall, type ScriptedTransportOptions, type ServerScript } from './scripted-transport';
export { scriptedServer, type ScriptedServer, type ScriptedServerOptions } from './scripted-server';
