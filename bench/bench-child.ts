// A bench's own script started again as a child in another role (`--role NAME`, more arguments
// after it), so the load and what carries it run in separate processes. The child sends
// `{ url }` over IPC once it listens, then takes `{ cmd }` messages: `request` waits for the
// child's reply, `command` does not (for commands the child does not answer).
import { spawn, type ChildProcess } from 'node:child_process';

export interface BenchChild {
  process: ChildProcess;
  url: string;
  request<T>(cmd: string): Promise<T>;
  command(cmd: string): void;
}

export function startBenchChild(script: string, role: string, args: string[] = []): Promise<BenchChild> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, '--role', role, ...args], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise<BenchChild>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${role} exited with ${code}`)));
    child.once('message', (message: { url: string }) =>
      resolve({
        process: child,
        url: message.url,
        request: <T>(cmd: string) =>
          new Promise<T>((done) => {
            child.once('message', (reply) => done(reply as T));
            child.send({ cmd });
          }),
        command: (cmd: string) => void child.send({ cmd }),
      }),
    );
  });
}
