// Calls answered by hand: the tool's handler waits here until the user writes the output in the
// panel (or the call is dropped when its client goes away). No React: the panel subscribes.
export interface ManualCall {
  id: number;
  name: string;
  args: Record<string, unknown>;
}

interface Waiting extends ManualCall {
  resolve(output: unknown): void;
  reject(error: Error): void;
}

export class ManualCallStore {
  private waiting: Waiting[] = [];
  private nextId = 1;
  private readonly listeners = new Set<() => void>();

  get calls(): readonly ManualCall[] {
    return this.waiting;
  }

  /** The handler of a tool answered by hand: resolves with what the user sends. */
  wait(name: string, args: Record<string, unknown>): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.waiting = [...this.waiting, { id: this.nextId++, name, args, resolve, reject }];
      this.changed();
    });
  }

  /** Sends the user's output: JSON when it parses, else the text as it is. */
  answer(id: number, text: string): boolean {
    const call = this.waiting.find((entry) => entry.id === id);
    if (!call) return false;
    let output: unknown = text;
    try {
      output = JSON.parse(text);
    } catch {
      // plain text is a valid output too
    }
    this.waiting = this.waiting.filter((entry) => entry !== call);
    call.resolve(output);
    this.changed();
    return true;
  }

  /** The connection went away: nobody can receive these answers. */
  dropAll(reason: string): void {
    const dropped = this.waiting;
    this.waiting = [];
    for (const call of dropped) call.reject(new Error(reason));
    if (dropped.length) this.changed();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
