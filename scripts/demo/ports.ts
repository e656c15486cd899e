// Busy ports are the likeliest way the demo fails (a dev server already on 3000, a relay
// already on 8081), so they are checked before anything starts and reported in one line.
import { createServer } from 'node:net';
import { DemoError } from './options';

export interface NamedPort {
  /** What would listen there, e.g. "console". */
  role: string;
  port: number;
  /** The variable that moves it, e.g. DEMO_APP_PORT. */
  envVar: string;
}

export function portBusyMessage(named: NamedPort, host: string): string {
  return `port ${named.port} on ${host} (the ${named.role}) is already in use: stop what is using it, or set ${named.envVar} to a free port.`;
}

/** Whether something else listens on host:port (tries to listen there itself, then lets go). */
export function isPortBusy(port: number, host: string): Promise<boolean> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES') done(true);
      else fail(error);
    });
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => done(false)));
  });
}

/** Throws a DemoError naming the first busy port. */
export async function assertPortsFree(ports: NamedPort[], host: string): Promise<void> {
  for (const named of ports) {
    if (await isPortBusy(named.port, host)) throw new DemoError(portBusyMessage(named, host));
  }
}

/** Turns a listen error from a part that lost a race for its port into the same one-line message. */
export function explainListenError(error: unknown, named: NamedPort, host: string): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'EADDRINUSE' || code === 'EACCES' ? new DemoError(portBusyMessage(named, host)) : error;
}
