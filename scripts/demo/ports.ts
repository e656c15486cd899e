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

/** Why a port cannot be listened on: someone else has it, or it needs privileges. */
export type PortProblem = 'busy' | 'forbidden';

export function portBusyMessage(named: NamedPort, host: string): string {
  return `port ${named.port} on ${host} (the ${named.role}) is already in use: stop what is using it, or set ${named.envVar} to a free port.`;
}

export function portForbiddenMessage(named: NamedPort, host: string): string {
  return `port ${named.port} on ${host} (the ${named.role}) needs privileges this user lacks: set ${named.envVar} to a port above 1023.`;
}

const PROBLEM_BY_CODE: Record<string, PortProblem> = { EADDRINUSE: 'busy', EACCES: 'forbidden' };

/** What stops this process from listening on host:port, if anything (it listens there itself, then lets go). */
export function portProblem(port: number, host: string): Promise<PortProblem | null> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      const problem = PROBLEM_BY_CODE[error.code ?? ''];
      if (problem) done(problem);
      else fail(error);
    });
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => done(null)));
  });
}

export async function isPortBusy(port: number, host: string): Promise<boolean> {
  return (await portProblem(port, host)) === 'busy';
}

function problemError(problem: PortProblem, named: NamedPort, host: string): DemoError {
  return new DemoError(problem === 'busy' ? portBusyMessage(named, host) : portForbiddenMessage(named, host));
}

/** Throws a DemoError naming the first port that cannot be used. */
export async function assertPortsFree(ports: NamedPort[], host: string): Promise<void> {
  for (const named of ports) {
    const problem = await portProblem(named.port, host);
    if (problem) throw problemError(problem, named, host);
  }
}

/** Turns a listen error from a part that lost a race for its port into the same one-line message. */
export function explainListenError(error: unknown, named: NamedPort, host: string): unknown {
  const problem = PROBLEM_BY_CODE[(error as NodeJS.ErrnoException | null)?.code ?? ''];
  return problem ? problemError(problem, named, host) : error;
}
